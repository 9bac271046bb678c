package dev.stowage.registry;

import dev.stowage.error.FailureText;
import dev.stowage.net.BoundedRetry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link RegistryStep}s against one registry: adds authorization, answers one 401 with a
 * fresh token, maps other statuses to {@link RegistryException}s and retries the retryable ones
 * (429, 5xx, connection failures) with backoff. Its HTTP client runs on the Vert.x instance it is
 * given; closing the caller closes the client, never that instance.
 */
public final class RegistryCaller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryCaller.class);
    private final String registry;
    private final String baseUrl;
    private final HttpExchange http;
    private final RegistryAuth auth;
    private final BoundedRetry retry;
    private final RegistryMeters meters;

    public RegistryCaller(Vertx vertx, String registry, boolean plainHttp, Optional<Credentials> credentials, BoundedRetry retry,
            Duration timeout) {
        this(vertx, registry, plainHttp, credentials, retry, timeout, RegistryMeters.none());
    }

    /** @param meters counts requests by status, retries and bytes pushed */
    public RegistryCaller(Vertx vertx, String registry, boolean plainHttp, Optional<Credentials> credentials, BoundedRetry retry,
            Duration timeout, RegistryMeters meters) {
        this.meters = meters;
        this.registry = registry;
        this.baseUrl = (plainHttp ? "http://" : "https://") + registry;
        this.http = new HttpExchange(vertx, timeout);
        this.auth = new RegistryAuth(registry, plainHttp, credentials, Clock.systemUTC());
        this.retry = retry;
    }

    public String registry() {
        return registry;
    }

    public <T> T call(RegistryStep<T> step) {
        return retrying(() -> once(step));
    }

    /** As {@link #call}, with the accepted response's body streamed to the step (see {@link BlobDownloads}). */
    public <T> T download(DownloadStep<T> step) {
        return retrying(() -> BlobDownloads.once(this, step));
    }

    private <T> T retrying(Supplier<T> attemptOnce) {
        for (int attempt = 1; ; attempt++) {
            try {
                return attemptOnce.get();
            } catch (RegistryUnavailableException e) {
                if (attempt >= retry.attempts()) throw e;
                LOG.warn("{}; retrying, attempt {} of {}", e.getMessage(), attempt + 1, retry.attempts());
                meters.retried();
                pause(retry.delay(attempt, e.retryAfter().orElse(null)));
            }
        }
    }

    /**
     * One streamed GET of {@code url} with the step's headers and its Authorization, which
     * {@link RegistryAuth#header} gives only to URLs on the registry itself (not to a redirect's storage host).
     */
    StreamedResponse open(RegistryStep<?> step, String url) throws IOException {
        Map<String, String> headers = new HashMap<>(step.headers());
        auth.header(step, url, http).ifPresent(h -> headers.put("Authorization", h));
        try {
            StreamedResponse r = http.open(step.method(), url, headers);
            meters.request(step.method(), r.status());
            return r;
        } catch (IOException e) {
            meters.request(step.method(), 0);
            throw e;
        }
    }

    /** The absolute URL of a step's path. */
    String absoluteUrl(RegistryStep<?> step) {
        String path = step.path();
        return path.startsWith("http://") || path.startsWith("https://") ? path : baseUrl + path;
    }

    /** Answers a 401 to a streamed step as {@link #call} does. */
    void challenged(RegistryResponse response, RegistryStep<?> step) throws IOException {
        auth.challenged(response, step, absoluteUrl(step), null, http);
    }

    RegistryException failure(RegistryStep<?> step, RegistryResponse response) {
        return ErrorMapper.map(registry, step, response, auth);
    }

    private <T> T once(RegistryStep<T> step) {
        try {
            String url = absoluteUrl(step);
            Optional<String> sent = auth.header(step, url, http);
            RegistryResponse r = send(step, url, sent);
            if (r.status() == 401 && !(step instanceof Ping)) {
                auth.challenged(r, step, url, sent, http);
                r = send(step, url, auth.header(step, url, http));
            }
            if (step.accepted().contains(r.status())) return step.read(r);
            throw ErrorMapper.map(registry, step, r, auth);
        } catch (IOException e) {
            throw unavailable(registry, step.description(), e);
        }
    }

    /** The failure for a request that got no answer; connection refused reads "registry HOST unreachable: connection refused". */
    static RegistryUnavailableException unavailable(String registry, String what, IOException e) {
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new RegistryUnavailableException("registry " + registry + " unreachable: "
                    + FailureText.line(e), null, e);
        }
        return new RegistryUnavailableException("registry " + registry + ": " + what + " failed: " + FailureText.line(e), null, e);
    }

    private RegistryResponse send(RegistryStep<?> step, String url, Optional<String> authorization) throws IOException {
        Map<String, String> headers = new HashMap<>(step.headers());
        authorization.ifPresent(h -> headers.put("Authorization", h));
        RegistryResponse r;
        try {
            r = http.send(step.method(), url, headers, step.body());
        } catch (IOException e) {
            meters.request(step.method(), 0);
            throw e;
        }
        meters.request(step.method(), r.status());
        if (r.status() / 100 == 2) step.body().ifPresent(b -> meters.pushed(b.length()));
        return r;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while waiting to retry", null, e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
