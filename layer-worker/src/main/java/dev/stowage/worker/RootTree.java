package dev.stowage.worker;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The customisation layer's file system, built in memory before it is written: paths without a
 * leading slash mapped to nodes, parents created as 0755 root directories. Iteration is in byte
 * order of the paths, which puts every directory before its contents.
 */
final class RootTree {
    sealed interface Node permits Dir, File, Link {
        int mode();

        int uid();

        int gid();

        Node withOwner(int mode, int uid, int gid);
    }

    record Dir(int mode, int uid, int gid) implements Node {
        public Node withOwner(int m, int u, int g) {
            return new Dir(m, u, g);
        }
    }

    record File(byte[] bytes, int mode, int uid, int gid) implements Node {
        public Node withOwner(int m, int u, int g) {
            return new File(bytes, m, u, g);
        }
    }

    record Link(String target, int uid, int gid) implements Node {
        public int mode() {
            return 0777;
        }

        public Node withOwner(int m, int u, int g) {
            return new Link(target, u, g);
        }
    }

    private final TreeMap<String, Node> nodes = new TreeMap<>(RootTree::compareBytes);

    private static int compareBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8));
    }

    /** Puts a node at {@code path} (replacing what is there), creating missing parents. */
    void put(String path, Node node) {
        String p = strip(path);
        int slash = p.lastIndexOf('/');
        if (slash > 0) ensureDir(p.substring(0, slash));
        if (node instanceof Dir && nodes.get(p) instanceof Dir) return;
        nodes.put(p, node);
    }

    /** Puts a node only when nothing is at {@code path} yet (first wins, as buildEnv's priority order). */
    boolean putIfAbsent(String path, Node node) {
        String p = strip(path);
        if (nodes.containsKey(p)) return false;
        put(p, node);
        return true;
    }

    void ensureDir(String path) {
        String p = strip(path);
        int slash = p.lastIndexOf('/');
        if (slash > 0) ensureDir(p.substring(0, slash));
        Node existing = nodes.get(p);
        if (existing == null || !(existing instanceof Dir)) nodes.put(p, new Dir(0755, 0, 0));
    }

    boolean has(String path) {
        return nodes.containsKey(strip(path));
    }

    Node get(String path) {
        return nodes.get(strip(path));
    }

    void replace(String path, Node node) {
        nodes.put(strip(path), node);
    }

    Map<String, Node> entries() {
        return Collections.unmodifiableMap(nodes);
    }

    private static String strip(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
