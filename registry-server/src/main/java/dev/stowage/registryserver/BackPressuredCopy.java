package dev.stowage.registryserver;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Copies a stream into a response from a worker thread, chunk by chunk, waiting whenever the
 * response's write queue is full until it drains: a slow client holds one queue's worth of the
 * blob in memory, never the blob. A client that goes away, or stops reading for {@link #STALL_SECONDS},
 * ends the copy.
 */
final class BackPressuredCopy {
    static final int CHUNK = 64 * 1024;
    static final long STALL_SECONDS = 120;
    private final HttpServerResponse response;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    BackPressuredCopy(HttpServerResponse response) {
        this.response = response;
        response.closeHandler(v -> closed.complete(null));
    }

    /** Writes {@code length} bytes of {@code in}; then, when {@code toEnd}, reads it to its end so a verifying stream checks the digest. */
    void copy(InputStream in, long length, boolean toEnd) throws IOException {
        byte[] buf = new byte[CHUNK];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new IOException("blob ended " + left + " bytes early");
            if (closed.isDone()) throw new IOException("the client closed the connection");
            if (left == n && toEnd && in.read() >= 0) throw new IOException("blob is longer than its stored size");
            response.write(Buffer.buffer(n == buf.length ? buf.clone() : Arrays.copyOf(buf, n)));
            left -= n;
            awaitDrain();
        }
    }

    private void awaitDrain() throws IOException {
        if (!response.writeQueueFull()) return;
        CompletableFuture<Void> drained = new CompletableFuture<>();
        response.drainHandler(v -> drained.complete(null));
        if (!response.writeQueueFull()) drained.complete(null);
        try {
            CompletableFuture.anyOf(drained, closed).get(STALL_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the client was slow");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the client stopped reading for " + STALL_SECONDS + " s", e);
        }
        if (closed.isDone()) throw new IOException("the client closed the connection");
    }
}
