package dev.stowage.planner;

import static dev.stowage.planner.Graphs.graph;
import static dev.stowage.planner.Graphs.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.error.BadInputException;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.PathInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class PopularityLayeringTest {
    private final ClosureGraph g = graph("A->B", "A->G", "B->C", "B->E", "C->D", "C->E", "D->F", "E->F");

    private List<List<String>> names(List<PlannedLayer> layers) {
        return layers.stream().map(l -> l.paths().stream().map(PathInfo::path).map(p -> p.name()).toList()).toList();
    }

    @Test
    void budgetMinusOneSingletonsThenTheRest() {
        // maxLayers 5 → budget 4 → 3 singles and one layer with the rest (nixpkgs' jq expression).
        int budget = PopularityLayering.budget(5, 0);
        assertThat(budget).isEqualTo(4);
        assertThat(names(PopularityLayering.group(g, List.of(path("A")), budget)))
                .containsExactly(List.of("F"), List.of("E"), List.of("D"), List.of("C", "B", "G", "A"));
    }

    @Test
    void oneLayerPerPathWhenTheBudgetAllows() {
        assertThat(names(PopularityLayering.group(g, List.of(path("A")), PopularityLayering.budget(100, 0))))
                .hasSize(7).allSatisfy(l -> assertThat(l).hasSize(1));
        assertThat(names(PopularityLayering.group(g, List.of(path("A")), 7))).hasSize(7);
    }

    @Test
    void twoLayersMeansEverythingInOneStoreLayer() {
        assertThat(names(PopularityLayering.group(g, List.of(path("A")), PopularityLayering.budget(2, 0))))
                .containsExactly(List.of("F", "E", "D", "C", "B", "G", "A"));
    }

    @Test
    void tooFewLayersIsBadInput() {
        assertThatThrownBy(() -> PopularityLayering.budget(1, 0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("maxLayers");
        assertThatThrownBy(() -> PopularityLayering.budget(3, 2)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no room");
    }
}
