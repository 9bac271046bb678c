package dev.stowage.registryserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.blob.BlobStore;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/** A manifest or index read from the blob store, with the media type its own {@code mediaType} field names. */
record StoredManifest(Digest digest, String mediaType, byte[] bytes) {
    /** Manifests are small; a larger blob is a layer, never served as a manifest (the distribution spec's limit is 4 MiB). */
    static final long MAX_SIZE = 4L << 20;
    static final Set<String> MEDIA_TYPES = Set.of(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);

    /** What names this document: its media type, digest and size. */
    Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, bytes.length);
    }

    /** The manifest stored under {@code digest}; empty when absent or not a manifest. */
    static Optional<StoredManifest> read(BlobStore store, Digest digest) throws IOException {
        byte[] bytes;
        try {
            if (!store.exists(digest) && !store.touchIfStored(digest)) return Optional.empty();
            if (store.size(digest) > MAX_SIZE) return Optional.empty();
            bytes = store.readAll(digest);
        } catch (BlobNotFoundException gone) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = Json.reader().readTree(bytes);
        } catch (IOException notJson) {
            return Optional.empty();
        }
        if (node == null || !node.isObject() || !node.path("mediaType").isTextual()) return Optional.empty();
        String type = node.get("mediaType").asText();
        return MEDIA_TYPES.contains(type) ? Optional.of(new StoredManifest(digest, type, bytes)) : Optional.empty();
    }
}
