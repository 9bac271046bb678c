package dev.stowage.planner;

import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.spec.ExplicitLayer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves explicit layers in order: each takes its {@code paths} and the closure of its
 * {@code deps}, minus whatever an earlier explicit layer already holds (chained layers never
 * duplicate a path — nix2container #41/#205). A layer left empty by that is dropped.
 */
final class ExplicitLayers {
    private ExplicitLayers() {}

    static List<List<PathInfo>> resolve(ClosureGraph graph, List<ExplicitLayer> layers, Set<StorePath> taken) {
        List<List<PathInfo>> out = new ArrayList<>();
        for (ExplicitLayer layer : layers) {
            Set<StorePath> members = new LinkedHashSet<>(layer.paths());
            members.addAll(graph.closureOf(layer.deps()).paths());
            List<PathInfo> fresh = members.stream().filter(taken::add).sorted().map(graph::require).toList();
            if (!fresh.isEmpty()) out.add(fresh);
        }
        return out;
    }
}
