package dev.stowage.nix.cache;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A binary cache served over HTTP(S), on Vert.x's HttpClient. Small files are read whole; NARs
 * are streamed through a pipe with back-pressure (the response is paused while the pipe is
 * full), so a NAR is never held in memory.
 */
public final class HttpBinaryCache implements BinaryCache, AutoCloseable {
    private static final int PIPE = 1 << 20;
    private final URI base;
    private final Vertx vertx;
    private final HttpClient client;

    public HttpBinaryCache(URI base) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
        this.client = vertx.createHttpClient(new HttpClientOptions().setSsl("https".equals(base.getScheme())).setTrustAll(false)
                .setMaxPoolSize(16).setConnectTimeout(10_000));
    }

    /** The response, paused on the event loop as it arrives, so no body bytes are lost before a handler is set. */
    private HttpClientResponse get(String relative) throws IOException {
        URI uri = base.resolve(relative);
        try {
            return client.request(HttpMethod.GET, port(uri), uri.getHost(), uri.getRawPath())
                    .compose(req -> req.send())
                    .map(resp -> {
                        resp.pause();
                        return resp;
                    })
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("GET " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    @Override
    public Optional<byte[]> read(String relative) throws IOException {
        URI uri = base.resolve(relative);
        try {
            record Reply(int status, Buffer body) {}
            Reply r = client.request(HttpMethod.GET, port(uri), uri.getHost(), uri.getRawPath())
                    .compose(req -> req.send())
                    .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b)))
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            if (r.status() == 404 || r.status() == 403) return Optional.empty();
            if (r.status() != 200) throw new IOException("GET " + uri + ": HTTP " + r.status());
            return Optional.of(r.body().getBytes());
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("GET " + base.resolve(relative) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public InputStream open(String relative) throws IOException {
        HttpClientResponse r = get(relative);
        if (r.statusCode() != 200) {
            r.resume();
            throw new IOException("GET " + base.resolve(relative) + ": HTTP " + r.statusCode());
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
        vertx.close();
    }
}
