package dev.stowage.oci;

import dev.stowage.blob.BlobStore;
import java.io.IOException;

/**
 * Where a {@link StoredImageReader} gets the bytes of the documents it reads (indexes, manifests,
 * configs): the blob store, an OCI layout directory, a registry repository. A source only fetches;
 * the reader verifies what it gets against the descriptor. A document the source does not hold is
 * a {@link dev.stowage.blob.BlobNotFoundException}.
 */
@FunctionalInterface
public interface DocumentSource {
    /** The bytes of the blob {@code blob} names, as the source holds them (not yet verified). */
    byte[] fetch(Descriptor blob) throws IOException;

    /** Where the bytes come from, for messages. */
    default String describe() {
        return "the document source";
    }

    /** The documents of a blob store. */
    static DocumentSource of(BlobStore store) {
        return new DocumentSource() {
            @Override
            public byte[] fetch(Descriptor blob) throws IOException {
                return store.readAll(blob.digest());
            }

            @Override
            public String describe() {
                return store.describe();
            }
        };
    }
}
