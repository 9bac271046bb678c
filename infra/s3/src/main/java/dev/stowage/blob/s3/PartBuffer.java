package dev.stowage.blob.s3;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The one part of an upload held in memory: grows on demand up to {@code capacity} (a tiny blob
 * does not cost a whole part), is sent without copying, and is reused for the next part.
 */
final class PartBuffer {
    private static final int INITIAL = 64 * 1024;
    private final int capacity;
    private byte[] bytes = new byte[0];
    private int filled;

    PartBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** Takes as many of {@code len} bytes as fit; returns how many. */
    int fill(byte[] b, int off, int len) {
        int n = Math.min(len, capacity - filled);
        if (filled + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(capacity, Math.max(filled + n, Math.max(INITIAL, bytes.length * 2))));
        }
        System.arraycopy(b, off, bytes, filled, n);
        filled += n;
        return n;
    }

    boolean full() {
        return filled == capacity;
    }

    boolean isEmpty() {
        return filled == 0;
    }

    /** A request body over the buffered bytes; each attempt re-reads them from the start. */
    RequestBody body() {
        byte[] b = bytes;
        int n = filled;
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(b, 0, n), n, "application/octet-stream");
    }

    void clear() {
        filled = 0;
    }
}
