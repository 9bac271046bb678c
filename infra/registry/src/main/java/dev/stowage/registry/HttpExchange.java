package dev.stowage.registry;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocking HTTP on Vert.x core: one HttpClient on the caller's Vert.x instance, closed on
 * {@link #close()} (the Vert.x instance is not: its owner closes it). Bodies stream from their source with the
 * connection's flow control ({@link BodyWriter}: never the whole blob in memory). Throws IOException for connection failures and timeouts.
 */
final class HttpExchange implements AutoCloseable {
    private final HttpClient client;
    private final Duration timeout;

    HttpExchange(Vertx vertx, Duration timeout) {
        this.timeout = timeout;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setIdleTimeout((int) timeout.toSeconds())
                .setMaxPoolSize(8));
        client.redirectHandler(new RedirectsWithoutCredentials(client.redirectHandler()));
    }

    RegistryResponse send(String method, String url, Map<String, String> headers, Optional<RequestBody> body)
            throws IOException {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setAbsoluteURI(url)
                .setFollowRedirects(!"PUT".equals(method) && !"PATCH".equals(method) && !"POST".equals(method));
        HttpClientRequest request = await(client.request(options));
        headers.forEach(request::putHeader);
        // Attach the response and body handlers before a single byte is sent. Attached later, a
        // short response (a HEAD answer comes with its end in one read) can be complete before
        // body() is asked for, and body() then never completes.
        Future<RegistryResponse> answer = request.response().compose(response -> response.body().map(payload ->
                new RegistryResponse(response.statusCode(), lowerCase(response.headers()), payload.getBytes())));
        if (body.isPresent()) {
            RequestBody b = body.get();
            request.putHeader("Content-Type", b.contentType());
            request.putHeader("Content-Length", Long.toString(b.length()));
            new BodyWriter(request, timeout).write(b);
        } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
            request.putHeader("Content-Length", "0");
        }
        await(request.end());
        return await(answer);
    }

    /**
     * Sends a bodyless request (redirects not followed) and returns as soon as the status and
     * headers arrive; the body is read from {@link StreamedResponse#body()}, which must be closed.
     */
    StreamedResponse open(String method, String url, Map<String, String> headers) throws IOException {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setAbsoluteURI(url).setFollowRedirects(false);
        HttpClientRequest request = await(client.request(options));
        headers.forEach(request::putHeader);
        // as in send(): the body stream's handlers are attached on the event loop as the head arrives
        Future<StreamedResponse> answer = request.response().map(response -> new StreamedResponse(response.statusCode(),
                lowerCase(response.headers()), new ResponseBodyStream(response, timeout)));
        await(request.end());
        return await(answer);
    }

    private static Map<String, List<String>> lowerCase(MultiMap headers) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String name : headers.names()) {
            out.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(headers.getAll(name)));
        }
        return out;
    }

    private <T> T await(Future<T> future) throws IOException {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause);
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + timeout.toSeconds() + "s", e);
        }
    }

    @Override
    public void close() {
        try {
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing is best effort; nothing is left to flush
        }
    }
}
