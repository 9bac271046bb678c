package dev.stowage.registry;

import dev.stowage.blob.BlobRef;
import dev.stowage.blob.BlobStore;
import dev.stowage.blob.BlobWriter;
import dev.stowage.oci.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * {@code GET /v2/<repo>/blobs/<digest>} streamed into the blob store, committed only when the
 * bytes have the descriptor's digest and size (a longer body is cut at size + 1 and refused).
 */
public record BlobGet(String repository, Descriptor blob, BlobStore store) implements DownloadStep<BlobRef> {
    @Override public String path() { return "/v2/" + repository + "/blobs/" + blob.digest(); }
    @Override public Set<Integer> accepted() { return Set.of(200); }
    @Override public String description() { return "get blob " + blob.digest().shortHex() + " of " + repository; }

    @Override
    public BlobRef read(RegistryResponse head, InputStream body) throws IOException {
        try (BlobWriter w = store.writer()) {
            long n = new LimitedInputStream(body, blob.size() + 1).transferTo(w.stream());
            if (n != blob.size()) throw new IOException("blob " + blob.digest() + " has " + (n > blob.size() ? "more than " : "") + n + " bytes, not " + blob.size());
            return w.commit(blob.digest());
        }
    }
}
