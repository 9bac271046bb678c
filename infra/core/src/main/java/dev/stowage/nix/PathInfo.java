package dev.stowage.nix;

import dev.stowage.oci.Digest;
import java.util.List;
import java.util.Objects;

/** What the planner and workers need to know of one store path: its NAR hash, size and references. */
public record PathInfo(StorePath path, Digest narHash, long narSize, List<StorePath> references) {
    public PathInfo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(narHash, "narHash of " + path);
        if (narSize < 0) throw new IllegalArgumentException("narSize of " + path + " must be >= 0");
        references = references.stream().sorted().distinct().toList();
    }
}
