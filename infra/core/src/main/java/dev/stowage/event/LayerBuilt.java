package dev.stowage.event;

import dev.stowage.nix.StorePath;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.Platform;
import java.time.Instant;
import java.util.List;

/**
 * A layer's blob is durable in the blob store. {@code cached} says the worker found it in the
 * layer cache instead of building it; {@code customisation} marks the customisation layer (its
 * {@code paths} are the store paths it links to). {@code cacheKey} is the worker's layer cache key
 * (the content key with the worker's tar rules and compression); the assembler writes it on the
 * layer's manifest descriptor. Null from workers older than the field: then no annotation is
 * written. {@code uncompressedSize} is -1 for a layer found only in the registry (docs/registry.md).
 * {@code startedAt} is when the worker took the task (optional: null from workers that did not record
 * it; the header's {@code occurredAt} is when it finished). Keyed by build id so one assembler sees a whole build.
 */
public record LayerBuilt(
        EventHeader header,
        Platform platform,
        int layerIndex,
        int layerCount,
        Digest contentKey,
        List<StorePath> paths,
        Digest diffId,
        long uncompressedSize,
        Descriptor blob,
        boolean cached,
        boolean customisation,
        Digest cacheKey,
        Instant startedAt) implements StowageEvent {

    /** A store layer. */
    public LayerBuilt(EventHeader header, Platform platform, int layerIndex, int layerCount, Digest contentKey, List<StorePath> paths,
            Digest diffId, long uncompressedSize, Descriptor blob, boolean cached) {
        this(header, platform, layerIndex, layerCount, contentKey, paths, diffId, uncompressedSize, blob, cached, false, null, null);
    }

    /** Without a layer cache key nor start time (as from a worker older than those fields). */
    public LayerBuilt(EventHeader header, Platform platform, int layerIndex, int layerCount, Digest contentKey, List<StorePath> paths,
            Digest diffId, long uncompressedSize, Descriptor blob, boolean cached, boolean customisation) {
        this(header, platform, layerIndex, layerCount, contentKey, paths, diffId, uncompressedSize, blob, cached, customisation, null, null);
    }

    /** Without the start time (as from a worker older than the field). */
    public LayerBuilt(EventHeader header, Platform platform, int layerIndex, int layerCount, Digest contentKey, List<StorePath> paths,
            Digest diffId, long uncompressedSize, Descriptor blob, boolean cached, boolean customisation, Digest cacheKey) {
        this(header, platform, layerIndex, layerCount, contentKey, paths, diffId, uncompressedSize, blob, cached, customisation, cacheKey, null);
    }

    public LayerBuilt {
        paths = List.copyOf(paths);
    }

    @Override
    public String partitionKey() {
        return buildId();
    }

    @Override
    public String idempotencyKey() {
        return "layer-built/" + buildId() + "/" + platform.slug() + "/" + layerIndex;
    }
}
