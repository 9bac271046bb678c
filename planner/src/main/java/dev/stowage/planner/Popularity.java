package dev.stowage.planner;

import dev.stowage.error.BadInputException;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The popularity of store paths as nixpkgs' {@code referencesByPopularity} (closure-graph.py)
 * computes it: popularity(x) = the sum, over every path a whose closure contains x, of the number
 * of distinct paths from a root to a. Self-references are ignored, as nixpkgs does.
 */
public final class Popularity {
    private Popularity() {}

    /** Popularity of every path of {@code graph} reachable from {@code roots}. */
    public static Map<StorePath, BigInteger> of(ClosureGraph graph, Collection<StorePath> roots) {
        List<StorePath> order = topologicalOrder(graph, roots);
        int n = order.size();
        Map<StorePath, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) index.put(order.get(i), i);
        int[][] children = new int[n][];
        for (int i = 0; i < n; i++) {
            PathInfo info = graph.require(order.get(i));
            children[i] = info.references().stream().filter(r -> !r.equals(info.path())).mapToInt(index::get).toArray();
        }
        // Distinct root-to-a paths, parents before children: roots count once each.
        BigInteger[] pathCounts = new BigInteger[n];
        Arrays.fill(pathCounts, BigInteger.ZERO);
        for (StorePath r : roots) pathCounts[index.get(r)] = pathCounts[index.get(r)].add(BigInteger.ONE);
        for (int i = 0; i < n; i++) {
            for (int c : children[i]) pathCounts[c] = pathCounts[c].add(pathCounts[i]);
        }
        // Ancestors-or-self of each node, then popularity as the sum of their path counts.
        BitSet[] ancestors = new BitSet[n];
        for (int i = 0; i < n; i++) {
            if (ancestors[i] == null) ancestors[i] = new BitSet(n);
            ancestors[i].set(i);
            for (int c : children[i]) {
                if (ancestors[c] == null) ancestors[c] = new BitSet(n);
                ancestors[c].or(ancestors[i]);
            }
        }
        Map<StorePath, BigInteger> popularity = new LinkedHashMap<>(n * 2);
        for (int x = 0; x < n; x++) {
            BigInteger sum = BigInteger.ZERO;
            for (int a = ancestors[x].nextSetBit(0); a >= 0; a = ancestors[x].nextSetBit(a + 1)) {
                sum = sum.add(pathCounts[a]);
            }
            popularity.put(order.get(x), sum);
        }
        return popularity;
    }

    /**
     * The paths ordered as nixpkgs orders them: popularity descending, ties by
     * {@link StorePath#popularityTieKey()} ascending.
     */
    public static List<StorePath> order(ClosureGraph graph, Collection<StorePath> roots) {
        Map<StorePath, BigInteger> popularity = of(graph, roots);
        List<StorePath> paths = new ArrayList<>(popularity.keySet());
        paths.sort(Comparator.<StorePath, BigInteger>comparing(popularity::get).reversed()
                .thenComparing(StorePath::popularityTieKey));
        return paths;
    }

    /** Kahn's algorithm over the sub-graph reachable from the roots; a cycle is bad input. */
    static List<StorePath> topologicalOrder(ClosureGraph graph, Collection<StorePath> roots) {
        ClosureGraph reachable = graph.closureOf(roots);
        Map<StorePath, Integer> indegree = new HashMap<>();
        for (StorePath p : reachable.paths()) indegree.putIfAbsent(p, 0);
        for (PathInfo info : reachable.asMap().values()) {
            for (StorePath r : info.references()) {
                if (!r.equals(info.path())) indegree.merge(r, 1, Integer::sum);
            }
        }
        ArrayDeque<StorePath> ready = new ArrayDeque<>();
        reachable.paths().stream().filter(p -> indegree.get(p) == 0).forEach(ready::add);
        List<StorePath> order = new ArrayList<>(reachable.size());
        while (!ready.isEmpty()) {
            StorePath p = ready.poll();
            order.add(p);
            for (StorePath r : reachable.require(p).references()) {
                if (!r.equals(p) && indegree.merge(r, -1, Integer::sum) == 0) ready.add(r);
            }
        }
        if (order.size() != reachable.size()) {
            throw new BadInputException("closure", "the reference graph has a cycle (other than self-references)");
        }
        return order;
    }
}
