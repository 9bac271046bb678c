package dev.stowage.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An OCI content descriptor. {@code platform} is set only on index entries, {@code artifactType}
 * only on descriptors of artifact manifests.
 */
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations,
        Platform platform,
        @JsonInclude(JsonInclude.Include.NON_NULL) String artifactType) {

    public Descriptor(String mediaType, Digest digest, long size, Map<String, String> annotations, Platform platform) {
        this(mediaType, digest, size, annotations, platform, null);
    }

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) throw new IllegalArgumentException("descriptor size must be >= 0, got " + size);
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, Map.of(), null);
    }

    public Descriptor withPlatform(Platform p) {
        return new Descriptor(mediaType, digest, size, annotations, p, artifactType);
    }

    public Descriptor withAnnotations(Map<String, String> a) {
        return new Descriptor(mediaType, digest, size, a, platform, artifactType);
    }

    public Descriptor withArtifactType(String type) {
        return new Descriptor(mediaType, digest, size, annotations, platform, type);
    }
}
