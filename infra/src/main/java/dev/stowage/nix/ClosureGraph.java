package dev.stowage.nix;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A closed set of store paths with their references: every reference names a path in the set.
 * Immutable; serialised as the sorted list of its {@link PathInfo}s.
 */
public final class ClosureGraph {
    private final SortedMap<StorePath, PathInfo> paths;

    private ClosureGraph(SortedMap<StorePath, PathInfo> paths) {
        this.paths = Collections.unmodifiableSortedMap(paths);
    }

    /**
     * @throws IllegalArgumentException on a duplicate path, a reference outside the set, or paths
     *     from more than one store directory
     */
    @JsonCreator
    public static ClosureGraph of(Collection<PathInfo> infos) {
        SortedMap<StorePath, PathInfo> map = new TreeMap<>();
        String storeDir = null;
        for (PathInfo info : infos) {
            if (map.put(info.path(), info) != null) {
                throw new IllegalArgumentException("store path " + info.path() + " is listed twice");
            }
            if (storeDir == null) storeDir = info.path().storeDir();
            else if (!storeDir.equals(info.path().storeDir())) {
                throw new IllegalArgumentException("store paths from two store directories: " + storeDir + " and " + info.path().storeDir());
            }
        }
        for (PathInfo info : map.values()) {
            for (StorePath ref : info.references()) {
                if (!map.containsKey(ref)) {
                    throw new IllegalArgumentException(info.path() + " references " + ref + ", which is not in the closure");
                }
            }
        }
        return new ClosureGraph(map);
    }

    @JsonValue
    public List<PathInfo> infos() {
        return new ArrayList<>(paths.values());
    }

    public Collection<StorePath> paths() {
        return paths.keySet();
    }

    public Optional<PathInfo> get(StorePath p) {
        return Optional.ofNullable(paths.get(p));
    }

    public PathInfo require(StorePath p) {
        PathInfo info = paths.get(p);
        if (info == null) throw new IllegalArgumentException(p + " is not in the closure");
        return info;
    }

    public boolean contains(StorePath p) {
        return paths.containsKey(p);
    }

    public int size() {
        return paths.size();
    }

    /** The paths no other path in the graph references (self-references ignored). */
    public List<StorePath> unreferenced() {
        java.util.Set<StorePath> referenced = new java.util.HashSet<>();
        for (PathInfo info : paths.values()) {
            for (StorePath ref : info.references()) {
                if (!ref.equals(info.path())) referenced.add(ref);
            }
        }
        return paths.keySet().stream().filter(p -> !referenced.contains(p)).toList();
    }

    /**
     * A cycle among distinct paths, as the list of paths around it (first repeated last), if any;
     * self-references are not cycles. Nix never produces one: a closure with one is corrupt.
     */
    public Optional<List<StorePath>> cycle() {
        Map<StorePath, Integer> state = new java.util.HashMap<>(); // 1 on the stack, 2 done
        for (StorePath start : paths.keySet()) {
            if (state.containsKey(start)) continue;
            ArrayList<StorePath> stack = new ArrayList<>();
            ArrayList<java.util.Iterator<StorePath>> its = new ArrayList<>();
            stack.add(start);
            its.add(paths.get(start).references().iterator());
            state.put(start, 1);
            while (!stack.isEmpty()) {
                java.util.Iterator<StorePath> it = its.get(its.size() - 1);
                StorePath top = stack.get(stack.size() - 1);
                if (!it.hasNext()) {
                    state.put(top, 2);
                    stack.remove(stack.size() - 1);
                    its.remove(its.size() - 1);
                    continue;
                }
                StorePath next = it.next();
                if (next.equals(top) || !paths.containsKey(next)) continue;
                Integer s = state.get(next);
                if (s == null) {
                    state.put(next, 1);
                    stack.add(next);
                    its.add(paths.get(next).references().iterator());
                } else if (s == 1) {
                    List<StorePath> cycle = new ArrayList<>(stack.subList(stack.indexOf(next), stack.size()));
                    cycle.add(next);
                    return Optional.of(List.copyOf(cycle));
                }
            }
        }
        return Optional.empty();
    }

    /** The sub-graph reachable from {@code roots}. */
    public ClosureGraph closureOf(Collection<StorePath> roots) {
        SortedMap<StorePath, PathInfo> out = new TreeMap<>();
        ArrayList<StorePath> stack = new ArrayList<>(roots);
        while (!stack.isEmpty()) {
            StorePath p = stack.remove(stack.size() - 1);
            if (out.containsKey(p)) continue;
            PathInfo info = require(p);
            out.put(p, info);
            stack.addAll(info.references());
        }
        return new ClosureGraph(out);
    }

    public Map<StorePath, PathInfo> asMap() {
        return paths;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClosureGraph g && g.paths.equals(paths);
    }

    @Override
    public int hashCode() {
        return paths.hashCode();
    }

    @Override
    public String toString() {
        return "ClosureGraph" + paths.keySet();
    }
}
