package dev.stowage.spec;

import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Platform;
import java.util.List;

/**
 * One platform's resolved input: the closure (restricted to what the roots reach), its roots, and
 * the resolved base image when the spec has {@code fromImage}.
 */
public record PlatformInput(Platform platform, List<StorePath> roots, ClosureGraph closure, BaseImage base, CacheSource source) {
    public PlatformInput(Platform platform, List<StorePath> roots, ClosureGraph closure) {
        this(platform, roots, closure, null, null);
    }

    public PlatformInput(Platform platform, List<StorePath> roots, ClosureGraph closure, BaseImage base) {
        this(platform, roots, closure, base, null);
    }

    public int baseLayers() {
        return base == null ? 0 : base.layers().size();
    }

    public PlatformInput {
        roots = roots.stream().sorted().distinct().toList();
        if (roots.isEmpty()) throw new IllegalArgumentException("platform " + platform + " has no roots");
    }
}
