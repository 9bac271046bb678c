package dev.stowage.publisher.registrycache;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import java.util.Objects;

/**
 * A layer an earlier run published, read back from the registry: the layer cache key its manifest
 * descriptor names ({@code dev.stowage.layer.key}), its diffID from the image config, and its blob
 * (the descriptor without annotations, as the worker reports it). The registry answered that it
 * holds the blob.
 */
public record PublishedLayer(Digest key, Digest diffId, Descriptor blob) {
    public PublishedLayer {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(blob, "blob");
        blob = Descriptor.of(blob.mediaType(), blob.digest(), blob.size());
    }
}
