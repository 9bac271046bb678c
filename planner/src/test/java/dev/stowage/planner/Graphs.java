package dev.stowage.planner;

import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.NixBase32;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds closure graphs from edge lists like "A->B" for planner tests. */
final class Graphs {
    private Graphs() {}

    static StorePath path(String name) {
        byte[] h = Digest.ofBytes(name.getBytes(StandardCharsets.UTF_8)).raw();
        return new StorePath("/nix/store", NixBase32.encode(Arrays.copyOf(h, 20)), name);
    }

    static ClosureGraph graph(String... edges) {
        Map<String, List<String>> refs = new LinkedHashMap<>();
        for (String e : edges) {
            String[] parts = e.split("->");
            refs.computeIfAbsent(parts[0], k -> new ArrayList<>());
            if (parts.length > 1) {
                refs.get(parts[0]).add(parts[1]);
                refs.computeIfAbsent(parts[1], k -> new ArrayList<>());
            }
        }
        List<PathInfo> infos = new ArrayList<>();
        refs.forEach((name, rs) -> infos.add(new PathInfo(path(name),
                Digest.ofBytes(name.getBytes(StandardCharsets.UTF_8)), 1000L * name.length(),
                rs.stream().map(Graphs::path).toList())));
        return ClosureGraph.of(infos);
    }
}
