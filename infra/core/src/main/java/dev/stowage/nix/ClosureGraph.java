package dev.stowage.nix;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
        Set<StorePath> referenced = new HashSet<>();
        for (PathInfo info : paths.values()) {
            for (StorePath ref : info.references()) {
                if (!ref.equals(info.path())) referenced.add(ref);
            }
        }
        return paths.keySet().stream().filter(p -> !referenced.contains(p)).toList();
    }

    /**
     * A cycle of references between distinct paths (self-references ignored), as the paths along
     * it with the first repeated at the end, or empty when there is none. Nix cannot produce one;
     * a hand-edited or corrupt closure file can. Deterministic: the first cycle in path order.
     */
    public Optional<List<StorePath>> cycle() {
        Map<StorePath, Integer> state = new HashMap<>(); // 1 on the current path, 2 done
        for (StorePath start : paths.keySet()) {
            if (state.containsKey(start)) continue;
            ArrayList<StorePath> trail = new ArrayList<>();
            ArrayList<Iterator<StorePath>> pending = new ArrayList<>();
            trail.add(start);
            pending.add(referencesOf(start));
            state.put(start, 1);
            while (!trail.isEmpty()) {
                Iterator<StorePath> it = pending.get(pending.size() - 1);
                if (!it.hasNext()) {
                    state.put(trail.remove(trail.size() - 1), 2);
                    pending.remove(pending.size() - 1);
                    continue;
                }
                StorePath next = it.next();
                Integer seen = state.get(next);
                if (seen == null) {
                    state.put(next, 1);
                    trail.add(next);
                    pending.add(referencesOf(next));
                } else if (seen == 1) {
                    List<StorePath> cycle = new ArrayList<>(trail.subList(trail.indexOf(next), trail.size()));
                    cycle.add(next);
                    return Optional.of(List.copyOf(cycle));
                }
            }
        }
        return Optional.empty();
    }

    private Iterator<StorePath> referencesOf(StorePath p) {
        PathInfo info = paths.get(p);
        if (info == null) return Collections.emptyIterator();
        return info.references().stream().filter(r -> !r.equals(p) && paths.containsKey(r)).sorted().iterator();
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
