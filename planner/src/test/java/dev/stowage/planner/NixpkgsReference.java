package dev.stowage.planner;

import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.StorePath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An independent reference for tests: the algorithm of nixpkgs' closure-graph.py done the way that
 * script does it — unfold the graph into a tree from the roots (self-references dropped), count
 * popularity recursively (each node counts 1, and every entry of its children's forest adds its
 * count plus one), sort ties by name-version-/nix/store/hash, and
 * group as streamLayeredImage's jq does. Exponential; for small graphs only.
 */
final class NixpkgsReference {
    private NixpkgsReference() {}

    static Map<StorePath, Long> popularity(ClosureGraph g, Collection<StorePath> roots) {
        Map<StorePath, Long> forest = new HashMap<>();
        for (StorePath r : roots) {
            contest(g, r).forEach((p, v) -> forest.merge(p, v, Long::sum));
        }
        return forest;
    }

    /**
     * contest({node: subtree(node)}) of closure-graph.py: the node counts 1, then the contest of
     * its children's forest is computed (summed over the children) and each of its entries adds
     * its count plus one.
     */
    private static Map<StorePath, Long> contest(ClosureGraph g, StorePath node) {
        Map<StorePath, Long> children = new HashMap<>();
        for (StorePath child : g.require(node).references()) {
            if (child.equals(node)) continue;
            contest(g, child).forEach((p, v) -> children.merge(p, v, Long::sum));
        }
        Map<StorePath, Long> pop = new HashMap<>();
        pop.merge(node, 1L, Long::sum);
        children.forEach((p, v) -> pop.merge(p, v + 1, Long::sum));
        return pop;
    }

    static List<StorePath> order(ClosureGraph g, Collection<StorePath> roots) {
        Map<StorePath, Long> pop = popularity(g, roots);
        TreeMap<Long, List<StorePath>> byPopularity = new TreeMap<>();
        pop.forEach((p, v) -> byPopularity.computeIfAbsent(v, k -> new ArrayList<>()).add(p));
        List<StorePath> flat = new ArrayList<>();
        for (List<StorePath> same : byPopularity.descendingMap().values()) {
            same.sort(Comparator.comparing(StorePath::popularityTieKey));
            flat.addAll(same);
        }
        return flat;
    }

    /** jq: (.[:$n-1] | map([.])) + [ .[$n-1:] ] | map(select(length > 0)) */
    static List<List<StorePath>> layers(List<StorePath> order, int budget) {
        List<List<StorePath>> out = new ArrayList<>();
        for (int i = 0; i < Math.min(budget - 1, order.size()); i++) out.add(List.of(order.get(i)));
        if (order.size() > budget - 1) out.add(order.subList(budget - 1, order.size()));
        return out;
    }
}
