package dev.stowage.registry;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams a request body from a blocking thread into a Vert.x request with the connection's own
 * flow control: chunks are queued without waiting for each one to reach the socket, and the writer
 * waits only while the request's write queue is full, until it drains. (Waiting on every 64 KiB
 * write made an upload one event-loop round trip per chunk: about 4,000 of them for 240 MB.)
 * Never more than the write queue's high-water mark plus one chunk is in memory.
 */
final class BodyWriter {
    private static final int CHUNK = 256 * 1024;
    /** How often a writer whose queue is full looks again, so that a drain it could not see costs at most this. */
    private static final long RECHECK_MILLIS = 20;
    private final HttpClientRequest request;
    private final Duration timeout;
    private final Object drained = new Object();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    BodyWriter(HttpClientRequest request, Duration timeout) {
        this.request = request;
        this.timeout = timeout;
        request.drainHandler(v -> {
            synchronized (drained) {
                drained.notifyAll();
            }
        });
    }

    /** Writes all of {@code body}; the caller ends the request. */
    void write(RequestBody body) throws IOException {
        long sent = 0;
        try (InputStream in = body.open()) {
            byte[] chunk = new byte[CHUNK];
            int n;
            while ((n = in.readNBytes(chunk, 0, CHUNK)) > 0) {
                awaitRoom();
                Future<Void> written = request.write(Buffer.buffer(n).appendBytes(chunk, 0, n));
                written.onFailure(e -> failure.compareAndSet(null, e));
                sent += n;
            }
        } catch (IllegalStateException e) {
            // the stream was reset or closed under us (the connection failed): a transport failure
            failed();
            throw new IOException(String.valueOf(e.getMessage()), e);
        }
        failed();
        if (sent != body.length()) {
            request.reset();
            throw new IOException("body source gave " + sent + " bytes, expected " + body.length());
        }
    }

    private void awaitRoom() throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (request.writeQueueFull()) {
            failed();
            if (System.nanoTime() - deadline > 0) throw new IOException("no room to send within " + timeout.toSeconds() + "s");
            synchronized (drained) {
                try {
                    drained.wait(RECHECK_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        failed();
    }

    private void failed() throws IOException {
        Throwable e = failure.get();
        if (e != null) throw e instanceof IOException io ? io : new IOException(String.valueOf(e.getMessage()), e);
    }
}
