package dev.stowage.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.ClosureGraphReader;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our popularity layering equals the tree-recursive nixpkgs reference on many random closures. */
class NixpkgsCompatibilityTest {
    static ClosureGraph randomDag(Random r, int n) {
        List<String> edges = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            int parents = 1 + r.nextInt(3);
            for (int k = 0; k < parents; k++) edges.add("p" + r.nextInt(i) + "->p" + i);
        }
        // a few names that tie on popularity and differ only by version, as real closures have
        edges.add("p0->lib-1.0");
        edges.add("p0->lib-1.1");
        return Graphs.graph(edges.stream().distinct().toArray(String[]::new));
    }

    @Test
    void sameGroupingAsTheReferenceOnTheRealNixBinClosureOfTheExample() throws IOException {
        ClosureGraph g = ClosureGraphReader.read(
                Files.readAllBytes(Path.of("../examples/hello/path-info.json")));
        List<StorePath> roots = g.unreferenced();
        assertThat(g.size()).isEqualTo(4);
        List<StorePath> order = NixpkgsReference.order(g, roots);
        assertThat(Popularity.order(g, roots)).isEqualTo(order);
        for (int budget = 1; budget <= 5; budget++) {
            assertThat(PopularityLayering.group(g, roots, budget).stream().map(l -> l.paths().stream().map(PathInfo::path).toList()).toList())
                    .isEqualTo(NixpkgsReference.layers(order, budget));
        }
    }

    @Test
    void sameOrderAndGroupingAsTheReferenceOnRandomClosures() {
        Random r = new Random(7);
        for (int round = 0; round < 200; round++) {
            ClosureGraph g = randomDag(r, 3 + r.nextInt(14));
            List<StorePath> roots = List.of(Graphs.path("p0"));
            Map<StorePath, BigInteger> ours = Popularity.of(g, roots);
            NixpkgsReference.popularity(g, roots).forEach((p, v) -> assertThat(ours.get(p)).as(p.toString()).isEqualTo(BigInteger.valueOf(v)));
            List<StorePath> order = NixpkgsReference.order(g, roots);
            assertThat(Popularity.order(g, roots)).isEqualTo(order);
            for (int budget : new int[] {1, 2, 3, 5, 100}) {
                List<List<StorePath>> expected = NixpkgsReference.layers(order, budget);
                List<List<StorePath>> actual = PopularityLayering.group(g, roots, budget).stream()
                        .map(l -> l.paths().stream().map(PathInfo::path).toList()).toList();
                assertThat(actual).as("budget " + budget).isEqualTo(expected);
            }
        }
    }
}
