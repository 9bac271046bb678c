package dev.stowage.publisher.registry;

import dev.stowage.blob.BlobStore;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Pushes one manifest tree into one repository, children before parents: blobs, then each
 * manifest by digest, then the index — always the stored bytes, so digests are preserved.
 */
final class RepositoryPush {
    private final RegistryCaller caller;
    private final BlobStore store;
    private final BlobUploader uploader;
    private final String repository;
    private final Set<Digest> done = new HashSet<>();
    int uploaded;
    int skipped;
    int mounted;

    RepositoryPush(RegistryCaller caller, BlobStore store, BlobUploader uploader, String repository) {
        this.caller = caller;
        this.store = store;
        this.uploader = uploader;
        this.repository = repository;
    }

    void tree(Descriptor manifest) {
        if (!done.add(manifest.digest())) return;
        if (isIndex(manifest.mediaType())) {
            for (Descriptor child : read(manifest, ImageIndex.class).manifests()) tree(child);
        } else {
            ImageManifest m = read(manifest, ImageManifest.class);
            if (m.config() != null) blob(m.config());
            m.layers().forEach(this::blob);
        }
        if (caller.call(new ManifestHead(repository, manifest.digest().toString())).isEmpty()) {
            caller.call(new ManifestPut(repository, manifest.digest().toString(), body(manifest)));
        }
    }

    void tag(Descriptor manifest, String tag) {
        caller.call(new ManifestPut(repository, tag, body(manifest)));
    }

    /** Tags bytes that are not in the store (a referrers index built for this push). */
    void tag(Descriptor manifest, String tag, byte[] bytes) {
        caller.call(new ManifestPut(repository, tag, RequestBody.of(manifest.mediaType(), bytes)));
    }

    private void blob(Descriptor blob) {
        if (!done.add(blob.digest())) return;
        switch (uploader.push(repository, blob)) {
            case UPLOADED -> uploaded++;
            case SKIPPED -> skipped++;
            case MOUNTED -> mounted++;
        }
    }

    private RequestBody body(Descriptor manifest) {
        return new RequestBody(manifest.mediaType(), manifest.size(), () -> store.open(manifest.digest()));
    }

    <T> T read(Descriptor d, Class<T> type) {
        try {
            return Json.readLenient(store.readAll(d.digest()), type);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + d.digest() + " from " + store.describe(), e);
        }
    }

    static boolean isIndex(String mediaType) {
        return MediaTypes.OCI_INDEX.equals(mediaType) || MediaTypes.DOCKER_MANIFEST_LIST.equals(mediaType);
    }
}
