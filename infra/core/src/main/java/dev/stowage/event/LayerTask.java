package dev.stowage.event;

import dev.stowage.oci.Digest;
import dev.stowage.oci.Platform;
import dev.stowage.spec.CacheSource;
import dev.stowage.spec.Compression;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Build one layer of one platform's image: the given store paths, in tar order, with the given
 * mtime and compression; or, when {@code customisation} is set, the customisation layer (then
 * {@code paths} are the store paths it refers to, for the cache key, not its content). With a
 * {@code source}, store paths are read from that binary cache instead of the worker's store. {@code contentKey} digests everything that decides the layer's bytes
 * except the worker's tar rules and compression; workers derive their cache key from it.
 */
public record LayerTask(
        EventHeader header,
        Platform platform,
        int layerIndex,
        int layerCount,
        Digest contentKey,
        String storeDir,
        Instant mtime,
        Compression compression,
        Integer compressionLevel,
        List<LayerPath> paths,
        CustomisationContent customisation,
        CacheSource source) implements StowageEvent {

    /** A store layer: {@code paths} only. */
    public LayerTask(EventHeader header, Platform platform, int layerIndex, int layerCount, Digest contentKey, String storeDir,
            Instant mtime, Compression compression, List<LayerPath> paths) {
        this(header, platform, layerIndex, layerCount, contentKey, storeDir, mtime, compression, null, paths, null, null);
    }

    public LayerTask {
        Objects.requireNonNull(platform, "platform");
        if (layerIndex < 0 || layerIndex >= layerCount) {
            throw new IllegalArgumentException("layerIndex " + layerIndex + " outside 0.." + (layerCount - 1));
        }
        paths = paths.stream().sorted().toList();
    }

    /** Spread tasks over all partitions of the platform's task topic. */
    @Override
    public String partitionKey() {
        return contentKey.hex();
    }

    @Override
    public String idempotencyKey() {
        return "layer-task/" + buildId() + "/" + platform.slug() + "/" + layerIndex;
    }
}
