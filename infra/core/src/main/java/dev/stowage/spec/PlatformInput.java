package dev.stowage.spec;

import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Platform;
import java.util.List;

/**
 * One platform's resolved input: the closure (restricted to what the roots reach), its roots, and
 * the resolved base image when the spec has {@code fromImage}; {@code customisationTar}, a prebuilt
 * customisation layer (a dockerTools {@code layer.tar} already in the blob store) used as is.
 */
public record PlatformInput(Platform platform, List<StorePath> roots, ClosureGraph closure, BaseImage base, CacheSource source,
        Descriptor customisationTar) {
    public PlatformInput(Platform platform, List<StorePath> roots, ClosureGraph closure, BaseImage base, CacheSource source) {
        this(platform, roots, closure, base, source, null);
    }

    public PlatformInput(Platform platform, List<StorePath> roots, ClosureGraph closure) {
        this(platform, roots, closure, null, null);
    }

    public PlatformInput(Platform platform, List<StorePath> roots, ClosureGraph closure, BaseImage base) {
        this(platform, roots, closure, base, null);
    }

    /** This platform with {@code tar} as its customisation layer. */
    public PlatformInput withCustomisationTar(Descriptor tar) {
        return new PlatformInput(platform, roots, closure, base, source, tar);
    }

    public int baseLayers() {
        return base == null ? 0 : base.layers().size();
    }

    public PlatformInput {
        roots = roots.stream().sorted().distinct().toList();
        if (roots.isEmpty()) throw new IllegalArgumentException("platform " + platform + " has no roots");
    }
}
