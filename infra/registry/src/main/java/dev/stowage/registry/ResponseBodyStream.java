package dev.stowage.registry;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A response body as a blocking InputStream. Buffers arrive on the event loop into a queue; the
 * response is paused while more than 1 MiB waits and resumed below 256 KiB, so a slow reader
 * (a blob store write) never makes the whole body pile up in memory. Must be created on the
 * event loop as the response arrives, before any body data is delivered.
 */
final class ResponseBodyStream extends InputStream {
    private static final Object END = new Object();
    private static final long HIGH_WATER = 1 << 20;
    private static final long LOW_WATER = 256 << 10;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final HttpClientResponse response;
    private final Context context;
    private final Duration idle;
    private Buffer current;
    private int position;
    private boolean ended;

    ResponseBodyStream(HttpClientResponse response, Duration idle) {
        this.response = response;
        this.context = Vertx.currentContext();
        this.idle = idle;
        response.handler(buffer -> {
            queue.add(buffer);
            if (queued.addAndGet(buffer.length()) > HIGH_WATER && paused.compareAndSet(false, true)) response.pause();
        });
        response.endHandler(v -> queue.add(END));
        response.exceptionHandler(queue::add);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) return 0;
        while (current == null || position == current.length()) {
            if (ended || !next()) return -1;
        }
        int n = Math.min(length, current.length() - position);
        current.getBytes(position, position + n, target, offset);
        position += n;
        return n;
    }

    /** Takes the next buffer; false at the end of the body. */
    private boolean next() throws IOException {
        Object item;
        try {
            item = queue.poll(idle.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading a response body", e);
        }
        if (item == null) throw new IOException("no response data for " + idle.toSeconds() + "s");
        if (item == END) {
            ended = true;
            return false;
        }
        if (item instanceof Throwable t) {
            ended = true;
            throw new IOException("response body broke off: " + t.getMessage(), t);
        }
        current = (Buffer) item;
        position = 0;
        if (queued.addAndGet(-current.length()) < LOW_WATER && paused.compareAndSet(true, false)) {
            context.runOnContext(v -> response.resume());
        }
        return true;
    }

    /** Closing before the end aborts the exchange, so the connection is not reused half-read. */
    @Override
    public void close() {
        if (ended) return;
        ended = true;
        context.runOnContext(v -> response.request().reset());
    }
}
