package dev.stowage.spec;

import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Platform;
import java.util.List;

/** One platform's resolved input: the closure (restricted to what the roots reach) and its roots. */
public record PlatformInput(Platform platform, List<StorePath> roots, ClosureGraph closure) {
    public PlatformInput {
        roots = roots.stream().sorted().distinct().toList();
        if (roots.isEmpty()) throw new IllegalArgumentException("platform " + platform + " has no roots");
    }
}
