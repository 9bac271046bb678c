package dev.stowage.worker;

import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.blob.BlobStore;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.spec.Compression;
import java.io.IOException;
import java.util.Optional;

/**
 * Layer key → built layer, shared by every worker that shares the blob store. The key digests
 * the task's content key, the tar rules version and the compression; it selects (as a blob store
 * selector) a small JSON record blob naming the layer's diffID and blob. A hit counts only when
 * the layer blob itself is still in the store.
 */
public final class LayerCache {
    private final BlobStore store;

    public LayerCache(BlobStore store) {
        this.store = store;
    }

    record Key(int v, Digest contentKey, int tarRules, Compression compression, int level, String generator) {}

    public static Digest key(Digest contentKey, Compression compression, Integer level) {
        return key(contentKey, compression, level, null);
    }

    /**
     * {@code generator} names any library whose version is written into the layer's bytes (the
     * SQLite library of a Nix database), so workers on different versions never share an entry.
     */
    public static Digest key(Digest contentKey, Compression compression, Integer level, String generator) {
        int l = level == null ? compression.defaultLevel() : level;
        return Digest.ofBytes(Json.canonicalBytes(new Key(1, contentKey, TarRules.VERSION, compression, l, generator)));
    }

    public Optional<BuiltLayer> lookup(Digest key) throws IOException {
        Optional<Digest> record = store.readSelector(key);
        if (record.isEmpty()) return Optional.empty();
        BuiltLayer layer;
        try {
            layer = Json.read(store.readAll(record.get()), BuiltLayer.class);
        } catch (BlobNotFoundException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
        Descriptor blob = layer.blob();
        // touched, a collector's grace period protects the blob this build is about to reference
        return store.exists(blob.digest()) && store.touchIfStored(blob.digest()) ? Optional.of(layer) : Optional.empty();
    }

    public void store(Digest key, BuiltLayer layer) throws IOException {
        Digest record = store.put(Json.canonicalBytes(layer)).digest();
        store.writeSelector(key, record);
    }
}
