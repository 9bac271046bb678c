package dev.stowage.nix.cache;

import dev.stowage.error.FailureText;
import dev.stowage.net.BoundedRetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A binary cache served over HTTP(S), on Vert.x's HttpClient. Small files are read whole; NARs
 * are streamed through a pipe with back-pressure (the response is paused while the pipe is
 * full), so a NAR is never held in memory.
 *
 * <p>As Nix does ({@code download-attempts}, {@code stalled-download-timeout}), a GET that fails
 * in transport, stalls for longer than the idle timeout, or is answered 429 or 5xx is tried again
 * with backoff, a bounded number of times; GETs are idempotent. A NAR is retried until its headers
 * arrive; a body that then stalls for five minutes is abandoned and, cut short, fails the reader's
 * hash check.
 *
 * <p>Its HTTP client and the blocking pipe writes run on the Vert.x instance it is given (the NAR
 * pipes use that instance's worker pool); closing the cache closes the client, never that instance.
 */
public final class HttpBinaryCache implements BinaryCache {
    private static final Logger LOG = LoggerFactory.getLogger(HttpBinaryCache.class);
    private static final int PIPE = 1 << 20;
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /** Nix's {@code stalled-download-timeout}: a NAR body (or its reader) idle this long is abandoned. */
    private static final long BODY_STALL_MS = 300_000;
    private final URI base;
    private final BoundedRetry retry;
    private final Duration idleTimeout;
    private final Vertx vertx;
    private final HttpClient client;

    /** Five tries (Nix's {@code download-attempts} default), 250 ms doubling to 8 s, 30 s without a byte counts as failed. */
    public HttpBinaryCache(Vertx vertx, URI base) {
        this(vertx, base, new BoundedRetry(5, Duration.ofMillis(250), Duration.ofSeconds(8)), Duration.ofSeconds(30));
    }

    public HttpBinaryCache(Vertx vertx, URI base, BoundedRetry retry, Duration idleTimeout) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.retry = retry;
        this.idleTimeout = idleTimeout;
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setSsl("https".equals(base.getScheme())).setTrustAll(false)
                .setMaxPoolSize(16).setConnectTimeout(CONNECT_TIMEOUT_MS));
    }

    /** A status that says "try again later" rather than "no". */
    private static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private RequestOptions request(URI uri) {
        return new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost()).setPort(port(uri))
                .setURI(uri.getRawPath()).setConnectTimeout(CONNECT_TIMEOUT_MS).setIdleTimeout(idleTimeout.toMillis());
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    /** A reply with its status; the body is there only for {@link #read}. */
    private record Reply(int status, Buffer body, HttpClientResponse response) {}

    /**
     * Runs one GET, trying again on transport failures, stalls and retryable statuses; returns the
     * first reply whose status is final (which may be an error status for the caller to judge).
     */
    private Reply withRetries(URI uri, Supplier<Future<Reply>> attempt) throws IOException {
        for (int n = 1; ; n++) {
            IOException failure;
            try {
                Reply r = await(uri, attempt.get());
                if (!retryable(r.status())) return r;
                if (r.response() != null) r.response().resume(); // drain and discard the error body
                failure = new IOException("GET " + uri + ": HTTP " + r.status());
            } catch (IOException e) {
                failure = e;
            }
            if (n >= retry.attempts()) {
                throw n == 1 ? failure : new IOException(failure.getMessage() + " (after " + n + " attempts)", failure);
            }
            Duration pause = retry.delay(n, null);
            LOG.warn("{}; retrying in {} ms, attempt {} of {}", failure.getMessage(), pause.toMillis(), n + 1, retry.attempts());
            sleep(pause);
        }
    }

    private <T> T await(URI uri, Future<T> future) throws IOException {
        // the idle timeout ends a stalled request; this bound only guards against a lost callback
        long bound = CONNECT_TIMEOUT_MS + idleTimeout.toMillis() * 2 + 5_000;
        try {
            return future.toCompletionStage().toCompletableFuture().get(bound, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw new IOException("GET " + uri + " stalled: nothing received for " + idleTimeout.toMillis() + " ms", e.getCause());
            }
            throw new IOException("GET " + uri + " failed: " + FailureText.line(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("GET " + uri + " failed: no answer in " + bound / 1000 + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("GET " + uri + " interrupted", e);
        }
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public Optional<byte[]> read(String relative) throws IOException {
        URI uri = base.resolve(relative);
        Reply r = withRetries(uri, () -> client.request(request(uri)).compose(req -> {
            // body() is asked for in the response's own callback, before a byte is sent: chained as a
            // later stage it can come after a short answer (headers and end in one read) has ended,
            // and then never completes
            Future<Reply> answer = req.response().compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b, null)));
            req.end();
            return answer;
        }));
        if (r.status() == 404 || r.status() == 403) return Optional.empty();
        if (r.status() != 200) throw new IOException("GET " + uri + ": HTTP " + r.status());
        return Optional.of(r.body().getBytes());
    }

    @Override
    public InputStream open(String relative) throws IOException {
        URI uri = base.resolve(relative);
        // paused on the event loop as it arrives, so no body bytes are lost before a handler is set
        // the idle timeout covers the wait for the headers; once the body flows it is paced by the reader
        // (the response is paused while the pipe is full), so only a much longer stall ends it
        HttpClientResponse r = withRetries(uri, () -> client.request(request(uri)).compose(req -> {
            Future<Reply> answer = req.response().map(resp -> {
                resp.pause();
                req.idleTimeout(BODY_STALL_MS);
                return new Reply(resp.statusCode(), null, resp);
            });
            req.end();
            return answer;
        })).response();
        if (r.statusCode() != 200) {
            r.resume();
            throw new IOException("GET " + uri + ": HTTP " + r.statusCode());
        }
        PipedInputStream in = new PipedInputStream(PIPE);
        PipedOutputStream out = new PipedOutputStream(in);
        vertx.executeBlocking(() -> {
            r.handler(chunk -> {
                r.pause();
                vertx.executeBlocking(() -> {
                    out.write(chunk.getBytes());
                    return null;
                }, true).onComplete(done -> r.resume());
            });
            r.endHandler(v -> vertx.executeBlocking(() -> {
                out.close();
                return null;
            }, true));
            r.exceptionHandler(e -> {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the reader sees a truncated stream and fails its hash check
                }
            });
            r.resume();
            return null;
        }, false);
        return in;
    }

    @Override
    public String describe() {
        return base.toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
