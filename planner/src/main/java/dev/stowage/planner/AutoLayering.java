package dev.stowage.planner;

import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Size-aware layering. When the budget allows, every path gets its own layer. Otherwise the
 * largest paths each start a layer; every other path joins the layer of the group of paths used
 * by exactly the same set of large paths (so a library only a large application uses travels with
 * the other things only it uses); as many large paths as the budget allows are taken. Layers that
 * exceed {@code maxLayerBytes} are split (paths in name order) while the budget has room. Layers
 * are ordered by the NAR size of their closure, so dependencies come before what uses them.
 *
 * <p>Adding a small path used by the same large paths as existing paths changes only the layer it
 * joins: the large paths and the other groups stay as they were.
 */
public final class AutoLayering {
    private AutoLayering() {}

    public static List<PlannedLayer> group(ClosureGraph graph, Collection<StorePath> roots, int budget, long maxLayerBytes) {
        return group(graph, roots, budget, maxLayerBytes, Set.of());
    }

    /** As above, over the paths not in {@code exclude} (those already in explicit layers). */
    public static List<PlannedLayer> group(ClosureGraph graph, Collection<StorePath> roots, int budget, long maxLayerBytes,
            Set<StorePath> exclude) {
        ClosureGraph g = graph.closureOf(roots);
        List<StorePath> bySize = new ArrayList<>(g.paths());
        bySize.removeAll(exclude);
        bySize.sort(Comparator.comparingLong((StorePath p) -> g.require(p).narSize()).reversed().thenComparing(StorePath::popularityTieKey));
        if (bySize.isEmpty()) return List.of();
        if (bySize.size() <= budget) {
            return ordered(g, bySize.stream().map(List::of).toList());
        }
        Ancestry ancestry = new Ancestry(g, roots);
        List<List<StorePath>> fallback = null;
        for (int k = Math.min(bySize.size(), budget - 1); k >= 0; k--) {
            List<List<StorePath>> groups = withLargePaths(g, bySize, k, ancestry);
            if (groups.size() > budget) continue;
            List<List<StorePath>> split = split(g, groups, Integer.MAX_VALUE, maxLayerBytes);
            if (split.size() <= budget) return ordered(g, split);
            if (fallback == null) fallback = groups;
        }
        // No choice keeps every layer under maxLayerBytes: take the most large paths that fit, split what the budget allows.
        return ordered(g, split(g, fallback, budget, maxLayerBytes));
    }

    /** The k largest paths alone, every other path grouped by the set of those k that use it. */
    private static List<List<StorePath>> withLargePaths(ClosureGraph g, List<StorePath> bySize, int k, Ancestry ancestry) {
        List<List<StorePath>> groups = new ArrayList<>();
        BitSet large = new BitSet();
        for (int i = 0; i < k; i++) {
            groups.add(List.of(bySize.get(i)));
            large.set(ancestry.index(bySize.get(i)));
        }
        Map<BitSet, List<StorePath>> byUsers = new LinkedHashMap<>();
        for (int i = k; i < bySize.size(); i++) {
            StorePath p = bySize.get(i);
            BitSet users = ancestry.ancestors(p);
            users.and(large);
            byUsers.computeIfAbsent(users, u -> new ArrayList<>()).add(p);
        }
        groups.addAll(byUsers.values());
        return groups;
    }

    /** Splits groups over {@code maxLayerBytes} into runs of paths (name order) while layers remain. */
    private static List<List<StorePath>> split(ClosureGraph g, List<List<StorePath>> groups, int budget, long maxLayerBytes) {
        if (maxLayerBytes <= 0) return groups;
        List<List<StorePath>> out = new ArrayList<>(groups);
        boolean changed = true;
        while (changed && out.size() < budget) {
            changed = false;
            List<StorePath> biggest = out.stream().filter(l -> l.size() > 1)
                    .max(Comparator.comparingLong((List<StorePath> l) -> bytes(g, l)).thenComparing(l -> l.get(0).popularityTieKey()))
                    .orElse(null);
            if (biggest == null || bytes(g, biggest) <= maxLayerBytes) break;
            List<StorePath> sorted = biggest.stream().sorted().toList();
            List<StorePath> head = new ArrayList<>();
            long size = 0;
            for (StorePath p : sorted) {
                long s = g.require(p).narSize();
                if (!head.isEmpty() && size + s > maxLayerBytes) break;
                head.add(p);
                size += s;
            }
            if (head.size() == sorted.size()) head.remove(head.size() - 1);
            List<StorePath> tail = sorted.subList(head.size(), sorted.size());
            int at = out.indexOf(biggest);
            out.set(at, List.copyOf(head));
            out.add(at + 1, List.copyOf(tail));
            changed = true;
        }
        return out;
    }

    private static long bytes(ClosureGraph g, List<StorePath> layer) {
        return layer.stream().mapToLong(p -> g.require(p).narSize()).sum();
    }

    private static List<PlannedLayer> ordered(ClosureGraph g, List<List<StorePath>> groups) {
        record Keyed(List<StorePath> paths, long closureBytes, String tie) {}
        List<Keyed> keyed = new ArrayList<>();
        for (List<StorePath> group : groups) {
            List<StorePath> sorted = group.stream().sorted(Comparator.comparing(StorePath::popularityTieKey)).toList();
            long closure = g.closureOf(group).asMap().values().stream().mapToLong(PathInfo::narSize).sum();
            keyed.add(new Keyed(sorted, closure, sorted.get(0).popularityTieKey()));
        }
        keyed.sort(Comparator.comparingLong(Keyed::closureBytes).thenComparing(Keyed::tie));
        List<PlannedLayer> layers = new ArrayList<>();
        for (Keyed k : keyed) layers.add(new PlannedLayer(layers.size(), k.paths().stream().map(g::require).toList()));
        return layers;
    }

    /** Ancestors-or-self of every path as bit sets over a fixed index. */
    private static final class Ancestry {
        private final Map<StorePath, Integer> index = new HashMap<>();
        private final BitSet[] ancestors;

        Ancestry(ClosureGraph g, Collection<StorePath> roots) {
            List<StorePath> order = Popularity.topologicalOrder(g, roots);
            for (int i = 0; i < order.size(); i++) index.put(order.get(i), i);
            ancestors = new BitSet[order.size()];
            for (int i = 0; i < order.size(); i++) {
                if (ancestors[i] == null) ancestors[i] = new BitSet();
                ancestors[i].set(i);
                PathInfo info = g.require(order.get(i));
                for (StorePath r : info.references()) {
                    if (r.equals(info.path())) continue;
                    int c = index.get(r);
                    if (ancestors[c] == null) ancestors[c] = new BitSet();
                    ancestors[c].or(ancestors[i]);
                }
            }
        }

        int index(StorePath p) {
            return index.get(p);
        }

        BitSet ancestors(StorePath p) {
            return (BitSet) ancestors[index.get(p)].clone();
        }
    }
}
