package dev.stowage.planner;

import static dev.stowage.planner.Graphs.graph;
import static dev.stowage.planner.Graphs.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.error.BadInputException;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.StorePath;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PopularityTest {
    // The example graph of nixpkgs' closure-graph.py.
    private final ClosureGraph nixpkgsExample =
            graph("A->B", "A->G", "B->C", "B->E", "C->D", "C->E", "D->F", "E->F");

    @Test
    void matchesNixpkgsClosureGraphExample() {
        Map<StorePath, BigInteger> pop = Popularity.of(nixpkgsExample, List.of(path("A")));
        Map<String, Integer> byName = new LinkedHashMap<>();
        pop.forEach((p, v) -> byName.put(p.name(), v.intValueExact()));
        assertThat(byName).containsExactlyInAnyOrderEntriesOf(
                Map.of("F", 9, "E", 5, "D", 4, "C", 3, "B", 2, "G", 2, "A", 1));
    }

    @Test
    void ordersByPopularityThenByNameVersionKey() {
        List<String> order = Popularity.order(nixpkgsExample, List.of(path("A"))).stream().map(StorePath::name).toList();
        assertThat(order).containsExactly("F", "E", "D", "C", "B", "G", "A");
    }

    @Test
    void selfReferencesAreIgnored() {
        ClosureGraph g = graph("A->B", "B->B");
        assertThat(Popularity.order(g, List.of(path("A"))).stream().map(StorePath::name)).containsExactly("B", "A");
    }

    @Test
    void onlyPathsReachableFromRootsArePlaced() {
        ClosureGraph g = graph("A->B", "X->B");
        assertThat(Popularity.of(g, List.of(path("A"))).keySet()).containsExactlyInAnyOrder(path("A"), path("B"));
    }

    @Test
    void severalRootsAddTheirPathCounts() {
        // Two roots both reaching C: two root-to-C paths.
        ClosureGraph g = graph("A->C", "B->C");
        Map<StorePath, BigInteger> pop = Popularity.of(g, List.of(path("A"), path("B")));
        assertThat(pop.get(path("C"))).isEqualTo(BigInteger.valueOf(4)); // A(1) + B(1) + C(2)
    }

    @Test
    void pathCountsBeyondLongDoNotOverflow() {
        // A ladder of 80 diamonds doubles the number of paths at each rung: 2^80 paths to the bottom.
        List<String> edges = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            edges.add("n" + i + "->l" + i);
            edges.add("n" + i + "->r" + i);
            edges.add("l" + i + "->n" + (i + 1));
            edges.add("r" + i + "->n" + (i + 1));
        }
        Map<StorePath, BigInteger> pop = Popularity.of(graph(edges.toArray(String[]::new)), List.of(path("n0")));
        assertThat(pop.get(path("n80")).bitLength()).isGreaterThan(80);
    }

    @Test
    void cyclesAreBadInput() {
        assertThatThrownBy(() -> Popularity.of(graph("A->B", "B->C", "C->B"), List.of(path("A"))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("cycle");
    }
}
