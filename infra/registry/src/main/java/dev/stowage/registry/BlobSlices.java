package dev.stowage.registry;

import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Consecutive slices of one blob for chunked uploads, read from one open stream: slice after
 * slice continues where the last one ended. A slice asked for again (a retried PATCH) or out of
 * order re-opens the blob and skips to its offset. Not thread-safe: one upload at a time.
 */
final class BlobSlices implements AutoCloseable {
    private final BlobStore store;
    private final Digest digest;
    private InputStream in;
    private long position;

    BlobSlices(BlobStore store, Digest digest) {
        this.store = store;
        this.digest = digest;
    }

    RequestBody slice(long offset, long length) {
        return new RequestBody(BlobUploader.OCTET_STREAM, length, () -> open(offset, length));
    }

    private InputStream open(long offset, long length) throws IOException {
        if (in == null || position != offset) {
            close();
            in = store.open(digest);
            in.skipNBytes(offset);
            position = offset;
        }
        return new LimitedInputStream(new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) position++;
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) position += n;
                return n;
            }

            @Override
            public void close() {
                // the next slice continues from here; BlobSlices.close() closes the blob
            }
        }, length);
    }

    @Override
    public void close() throws IOException {
        if (in != null) in.close();
        in = null;
    }
}
