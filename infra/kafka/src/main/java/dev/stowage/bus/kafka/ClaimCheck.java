package dev.stowage.bus.kafka;

import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Values above the threshold travel through the blob store: the record carries
 * {@code {"claimCheck":"sha256:…"}} and the header {@value #HEADER}; consumers swap the blob back in.
 */
public final class ClaimCheck {
    static final String HEADER = "stowage.claim-check";
    private final BlobStore store;
    private final int threshold;

    ClaimCheck(BlobStore store, int threshold) {
        this.store = store;
        this.threshold = threshold;
    }

    /** For tools that only read records (audit, replays): swaps claim-checked values back in from {@code store}. */
    public static ClaimCheck forReading(BlobStore store) {
        return new ClaimCheck(store, Integer.MAX_VALUE);
    }

    /** The value to send; adds the header when the value was checked into the store. */
    byte[] outgoing(byte[] value, Headers headers) {
        if (store == null || value.length <= threshold) return value;
        try {
            Digest d = store.put(value).digest();
            headers.add(HEADER, d.toString().getBytes(StandardCharsets.UTF_8));
            return ("{\"claimCheck\":\"" + d + "\"}").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a claim check", e);
        }
    }

    /** The original value of a received record; fails when it was claim-checked and this has no blob store. */
    public byte[] incoming(byte[] value, Headers headers) throws IOException {
        Header h = headers.lastHeader(HEADER);
        if (h == null) return value;
        if (store == null) throw new IOException("a claim-checked record arrived but this bus has no blob store");
        return store.readAll(Digest.parse(new String(h.value(), StandardCharsets.UTF_8)));
    }
}
