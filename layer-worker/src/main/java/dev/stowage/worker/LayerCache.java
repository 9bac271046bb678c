package dev.stowage.worker;

import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.blob.BlobStore;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.spec.Compression;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Layer key → built layer, shared by every worker that shares the blob store. The key digests
 * the task's content key, the tar rules version, the compression, its level and its encoder
 * ({@link Compressors#encoder}); it selects (as a blob store
 * selector) a small JSON record blob naming the layer's diffID and blob. A hit counts only when
 * the layer blob itself is still in the store.
 *
 * <p>A build's submission may also seed entries whose blob is not in the store but in every
 * registry the build pushes to ({@link #seed}, docs/registry.md "The registry as the cache"). They
 * are kept under a selector of their own per build id, so they count for that build only: its
 * submission checked the registries just before, and its outputs are all registries (the
 * publisher then finds each blob there by {@code HEAD} and needs no bytes).
 */
public final class LayerCache {
    private final BlobStore store;

    public LayerCache(BlobStore store) {
        this.store = store;
    }

    record Key(int v, Digest contentKey, int tarRules, Compression compression, int level, String encoder, String generator) {}

    public static Digest key(Digest contentKey, Compression compression, Integer level) {
        return key(contentKey, compression, level, null);
    }

    /**
     * {@code generator} names any library whose version is written into the layer's bytes (the
     * SQLite library of a Nix database), so workers on different versions never share an entry.
     */
    public static Digest key(Digest contentKey, Compression compression, Integer level, String generator) {
        int l = level == null ? compression.defaultLevel() : level;
        return Digest.ofBytes(Json.canonicalBytes(new Key(2, contentKey, TarRules.VERSION, compression, l, Compressors.encoder(compression), generator)));
    }

    public Optional<BuiltLayer> lookup(Digest key) throws IOException {
        Optional<Digest> record = store.readSelector(key);
        if (record.isEmpty()) return Optional.empty();
        BuiltLayer layer;
        try {
            layer = Json.read(store.readAll(record.get()), BuiltLayer.class);
        } catch (BlobNotFoundException | UncheckedIOException e) {
            return Optional.empty();
        }
        Descriptor blob = layer.blob();
        // touched, a collector's grace period protects the blob this build is about to reference
        return store.exists(blob.digest()) && store.touchIfStored(blob.digest()) ? Optional.of(layer) : Optional.empty();
    }

    /** A layer whose blob the registries of build {@code buildId} hold: its diffID and blob; the tar's size is not known. */
    public record SeededLayer(Digest diffId, Descriptor blob) {}

    record SeedKey(int v, String kind, Digest key, String buildId) {}

    static Digest seedKey(Digest key, String buildId) {
        return Digest.ofBytes(Json.canonicalBytes(new SeedKey(1, "registry-seed", key, buildId)));
    }

    /** Records, for build {@code buildId} only, that the layer of {@code key} is {@code layer} and is in its registries. */
    public void seed(String buildId, Digest key, SeededLayer layer) throws IOException {
        Digest record = store.put(Json.canonicalBytes(layer)).digest();
        store.writeSelector(seedKey(key, buildId), record);
    }

    /** The layer seeded for {@code buildId} under {@code key}, if its submission seeded one. */
    public Optional<SeededLayer> lookupSeeded(String buildId, Digest key) throws IOException {
        Optional<Digest> record = store.readSelector(seedKey(key, buildId));
        if (record.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Json.read(store.readAll(record.get()), SeededLayer.class));
        } catch (BlobNotFoundException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    public void store(Digest key, BuiltLayer layer) throws IOException {
        Digest record = store.put(Json.canonicalBytes(layer)).digest();
        store.writeSelector(key, record);
    }
}
