package dev.stowage.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Platform;
import java.util.List;
import java.util.Objects;

/**
 * One platform of an image spec: the platform, the closure file (output of
 * {@code nix path-info --json -r}, relative to the spec's folder) and optional root paths.
 */
public record PlatformSpec(
        @JsonSerialize(using = ToStringSerializer.class) Platform platform, String closure, List<StorePath> roots,
        List<StorePath> copyToRoot, List<ExplicitLayer> layers, CacheSource source) {
    public PlatformSpec {
        Objects.requireNonNull(platform, "platform is required");
        if (source != null && closure != null) throw new IllegalArgumentException("give either closure or source, not both");
        if (source != null && (roots == null || roots.isEmpty())) throw new IllegalArgumentException("a binary cache source needs roots");
        roots = roots == null ? List.of() : List.copyOf(roots);
        copyToRoot = copyToRoot == null ? List.of() : List.copyOf(copyToRoot);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    /** This platform reading from {@code cache} (the command line's {@code --cache}) unless it names its own source or closure. */
    public PlatformSpec withDefaultSource(CacheSource cache) {
        return source != null || closure != null || cache == null ? this : new PlatformSpec(platform, null, roots, copyToRoot, layers, cache);
    }

    public PlatformSpec(Platform platform, String closure, List<StorePath> roots) {
        this(platform, closure, roots, null, null, null);
    }

    @JsonCreator
    static PlatformSpec json(
            @JsonProperty("platform") String platform,
            @JsonProperty("closure") String closure,
            @JsonProperty("roots") List<StorePath> roots,
            @JsonProperty("copyToRoot") List<StorePath> copyToRoot,
            @JsonProperty("layers") List<ExplicitLayer> layers,
            @JsonProperty("source") CacheSource source) {
        if (platform == null) throw new IllegalArgumentException("platform is required, e.g. \"linux/amd64\"");
        return new PlatformSpec(Platform.parse(platform), closure, roots, copyToRoot, layers, source);
    }
}
