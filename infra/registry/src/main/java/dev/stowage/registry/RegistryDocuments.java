package dev.stowage.registry;

import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.DocumentSource;
import dev.stowage.oci.MediaTypes;
import java.io.IOException;

/**
 * The documents of one registry repository, for a {@link dev.stowage.oci.StoredImageReader}:
 * manifests and indexes fetched by digest ({@link ManifestGet}), other blobs (configs, provenance
 * statements, layers) downloaded into the blob store unless it has them ({@link BlobGet}) and read
 * from there. A manifest the registry does not have is a {@link BlobNotFoundException}.
 */
public final class RegistryDocuments implements DocumentSource {
    private final RegistryCaller caller;
    private final String repository;
    private final BlobStore store;

    public RegistryDocuments(RegistryCaller caller, String repository, BlobStore store) {
        this.caller = caller;
        this.repository = repository;
        this.store = store;
    }

    @Override
    public byte[] fetch(Descriptor blob) throws IOException {
        if (MediaTypes.isIndex(blob.mediaType()) || MediaTypes.isManifest(blob.mediaType())) {
            return caller.call(new ManifestGet(repository, blob.digest().toString()))
                    .orElseThrow(() -> new BlobNotFoundException(blob.digest(), describe())).bytes();
        }
        download(blob);
        return store.readAll(blob.digest());
    }

    /** Streams {@code blob} into the blob store (verified by {@link BlobGet}) unless it is there already. */
    public void download(Descriptor blob) throws IOException {
        if (!store.exists(blob.digest())) caller.download(new BlobGet(repository, blob, store));
    }

    @Override
    public String describe() {
        return "repository " + repository + " of registry " + caller.registry();
    }
}
