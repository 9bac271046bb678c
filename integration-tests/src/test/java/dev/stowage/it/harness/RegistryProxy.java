package dev.stowage.it.harness;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An HTTP proxy on a free loopback port in front of a real registry: records every request
 * ("METHOD URI") and may answer some itself instead of forwarding ({@link Fault}): a seeded share of
 * 503/429 answers, or an old registry's refusal of OCI manifest media types. The Host header is
 * passed through, so the registry's upload locations point back at the proxy.
 */
public final class RegistryProxy implements AutoCloseable {
    /**
     * An answer the proxy gives instead of the registry's; with {@code afterForwarding} the request
     * still reaches the registry and only its answer is replaced (a lost answer).
     */
    public record Answer(int status, Map<String, String> headers, String body, boolean afterForwarding) {
        public Answer(int status, Map<String, String> headers, String body) {
            this(status, headers, body, false);
        }
    }

    /** Decides per request whether the proxy answers it itself. Called on one thread, in arrival order. */
    @FunctionalInterface
    public interface Fault {
        Optional<Answer> answer(String method, String uri, String contentType);
    }

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade");
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = vertx.createHttpClient();
    private final HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private final List<String> answered = new ArrayList<>();
    private final List<Long> arrivals = new ArrayList<>();
    private final int target;
    private volatile Fault fault;

    public RegistryProxy(Registry registry, Fault fault) throws Exception {
        this.target = registry.port();
        this.fault = fault;
        this.server = vertx.createHttpServer().requestHandler(this::handle)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Forwards everything. */
    public static Fault none() {
        return (method, uri, type) -> Optional.empty();
    }

    /** Answers {@code rate} of the requests itself, alternately 503 and 429 with {@code Retry-After: 1}; the rest go through. */
    public static Fault unavailable(long seed, double rate) {
        Random random = new Random(seed);
        boolean[] tooMany = {false};
        return (method, uri, type) -> {
            if (random.nextDouble() >= rate) return Optional.empty();
            tooMany[0] = !tooMany[0];
            return Optional.of(tooMany[0]
                    ? new Answer(429, Map.of("Retry-After", "1"), "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}")
                    : new Answer(503, Map.of(), "<html>503 Service Unavailable</html>"));
        };
    }

    /**
     * Lets {@code rate} of the upload requests (PATCH and PUT under {@code /blobs/uploads/}) through
     * to the registry, then answers them 503 itself: the registry acted, the client does not know.
     */
    public static Fault losingUploadAnswers(long seed, double rate) {
        Random random = new Random(seed);
        return (method, uri, type) -> (method.equals("PATCH") || method.equals("PUT")) && uri.contains("/blobs/uploads/")
                && random.nextDouble() < rate
                ? Optional.of(new Answer(503, Map.of(), "<html>502 Bad Gateway</html>", true))
                : Optional.empty();
    }

    /** Refuses manifest PUTs of these media types the way a registry without OCI support does: 400 MANIFEST_INVALID. */
    public static Fault refusing(String... mediaTypes) {
        Set<String> refused = Set.of(mediaTypes);
        return (method, uri, type) -> method.equals("PUT") && uri.contains("/manifests/") && type != null && refused.contains(type)
                ? Optional.of(new Answer(400, Map.of(), "{\"errors\":[{\"code\":\"MANIFEST_INVALID\",\"message\":\"manifest invalid\","
                        + "\"detail\":\"unsupported manifest media type " + type + "\"}]}"))
                : Optional.empty();
    }

    public void fault(Fault f) {
        this.fault = f;
    }

    /** {@code 127.0.0.1:PORT}, the host part of image references through the proxy. */
    public String host() {
        return "127.0.0.1:" + server.actualPort();
    }

    /** Every request so far, "METHOD URI". */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** The requests the proxy answered itself, "STATUS METHOD URI #INDEX" (the index into {@link #requests()}). */
    public synchronized List<String> answered() {
        return List.copyOf(answered);
    }

    /** Milliseconds between request {@code i} and the next one (the pusher sends one request at a time). */
    public synchronized long gapAfterMillis(int i) {
        return (arrivals.get(i + 1) - arrivals.get(i)) / 1_000_000;
    }

    public synchronized void clear() {
        arrivals.clear();
        requests.clear();
        answered.clear();
    }

    public long count(Predicate<String> request) {
        return requests().stream().filter(request).count();
    }

    /** Requests that carry or open blob bytes: upload starts (not mounts), PATCHes and PUTs to upload locations. */
    public static boolean blobUpload(String request) {
        String[] parts = request.split(" ", 2);
        boolean uploads = parts[1].contains("/blobs/uploads/");
        return uploads && (parts[0].equals("PATCH") || parts[0].equals("PUT") || (parts[0].equals("POST") && !parts[1].contains("mount=")));
    }

    public static boolean blobMount(String request) {
        return request.startsWith("POST ") && request.contains("/blobs/uploads/") && request.contains("mount=");
    }

    private void handle(HttpServerRequest req) {
        synchronized (this) {
            requests.add(req.method() + " " + req.uri());
            arrivals.add(System.nanoTime());
        }
        Optional<Answer> answer = fault.answer(req.method().name(), req.uri(), req.getHeader("Content-Type"));
        if (answer.isPresent() && !answer.get().afterForwarding()) {
            Answer a = answer.get();
            synchronized (this) {
                answered.add(a.status() + " " + req.method() + " " + req.uri() + " #" + (requests.size() - 1));
            }
            req.body().onComplete(ignored -> {
                a.headers().forEach(req.response()::putHeader);
                req.response().setStatusCode(a.status()).putHeader("Content-Type", "application/json").end(a.body());
            });
            return;
        }
        req.pause();
        RequestOptions options = new RequestOptions().setMethod(req.method()).setHost("127.0.0.1").setPort(target).setURI(req.uri());
        client.request(options).onFailure(e -> fail(req, e)).onSuccess(forward -> {
            copy(req.headers(), forward.headers());
            forward.send(req).onFailure(e -> fail(req, e)).onSuccess(response -> {
                if (answer.isEmpty()) {
                    reply(req, response);
                    return;
                }
                Answer a = answer.get();
                synchronized (this) {
                    answered.add(a.status() + " " + req.method() + " " + req.uri() + " #" + (requests.size() - 1) + " after " + response.statusCode());
                }
                response.body().onComplete(ignored -> req.response().setStatusCode(a.status()).end(a.body()));
            });
        });
    }

    private static void reply(HttpServerRequest req, HttpClientResponse response) {
        req.response().setStatusCode(response.statusCode());
        copy(response.headers(), req.response().headers());
        if (response.getHeader("Content-Length") == null && !req.method().name().equals("HEAD")) req.response().setChunked(true);
        req.response().send(response);
    }

    private static void fail(HttpServerRequest req, Throwable e) {
        if (!req.response().ended()) req.response().setStatusCode(502).end(String.valueOf(e.getMessage()));
    }

    private static void copy(MultiMap from, MultiMap to) {
        from.forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) to.add(h.getKey(), h.getValue());
        });
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
