package dev.stowage.spec;

import dev.stowage.json.Json;
import dev.stowage.nix.NixBase32;
import dev.stowage.oci.Digest;
import dev.stowage.oci.Platform;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Everything a build depends on, resolved and self-contained: the spec and, per platform, its
 * closure graph. It travels in {@code BuildRequested}; its canonical digest identifies the
 * inputs of a build (and gives the default tag).
 */
public record BuildInput(ImageSpec spec, List<PlatformInput> platforms) {
    public BuildInput {
        platforms = platforms.stream().sorted(Comparator.comparing(PlatformInput::platform)).toList();
    }

    public Digest digest() {
        return Digest.ofBytes(Json.canonicalBytes(this));
    }

    /** The spec's tag, or one derived from the inputs as dockerTools derives it from the output hash. */
    public String tag() {
        if (spec.tag() != null) return spec.tag();
        return NixBase32.encode(Arrays.copyOf(digest().raw(), 20));
    }

    public PlatformInput platform(Platform p) {
        return platforms.stream().filter(x -> x.platform().equals(p)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("platform " + p + " is not part of this build"));
    }
}
