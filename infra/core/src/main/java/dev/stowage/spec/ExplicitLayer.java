package dev.stowage.spec;

import dev.stowage.nix.StorePath;
import java.util.List;

/**
 * A layer the user lays out, as nix2container's {@code buildLayer}: {@code deps} go in with their
 * whole closure, {@code paths} alone. Paths already in an earlier explicit layer are left out, and
 * every path of an explicit layer is left out of the automatic layers.
 */
public record ExplicitLayer(List<StorePath> paths, List<StorePath> deps) {
    public ExplicitLayer {
        paths = paths == null ? List.of() : List.copyOf(paths);
        deps = deps == null ? List.of() : List.copyOf(deps);
        if (paths.isEmpty() && deps.isEmpty()) throw new IllegalArgumentException("an explicit layer needs paths or deps");
    }
}
