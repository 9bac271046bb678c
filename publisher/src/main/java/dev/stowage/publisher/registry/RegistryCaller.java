package dev.stowage.publisher.registry;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@link RegistryStep}s against one registry: adds authorization, answers one 401 with a
 * fresh token, maps other statuses to {@link RegistryException}s and retries the retryable ones
 * (429, 5xx, connection failures) with backoff.
 */
public final class RegistryCaller implements AutoCloseable {
    private final String registry;
    private final String baseUrl;
    private final HttpExchange http;
    private final RegistryAuth auth;
    private final RetryPolicy retry;

    public RegistryCaller(String registry, boolean plainHttp, Optional<Credentials> credentials, RetryPolicy retry, Duration timeout) {
        this.registry = registry;
        this.baseUrl = (plainHttp ? "http://" : "https://") + registry;
        this.http = new HttpExchange(timeout);
        this.auth = new RegistryAuth(registry, plainHttp, credentials, java.time.Clock.systemUTC());
        this.retry = retry;
    }

    public String registry() {
        return registry;
    }

    public <T> T call(RegistryStep<T> step) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(step);
            } catch (RegistryUnavailableException e) {
                if (attempt >= retry.attempts()) throw e;
                pause(retry.delay(attempt, e.retryAfter().orElse(null)));
            }
        }
    }

    private <T> T once(RegistryStep<T> step) {
        try {
            RegistryResponse r = send(step);
            if (r.status() == 401 && !(step instanceof Ping)) {
                auth.challenged(r, step, url(step), http);
                r = send(step);
            }
            if (step.accepted().contains(r.status())) return step.read(r);
            throw ErrorMapper.map(registry, step, r, auth);
        } catch (IOException e) {
            throw new RegistryUnavailableException("registry " + registry + ": " + step.description()
                    + " failed: " + e.getClass().getSimpleName() + " " + e.getMessage(), null, e);
        }
    }

    private RegistryResponse send(RegistryStep<?> step) throws IOException {
        Map<String, String> headers = new HashMap<>(step.headers());
        String url = url(step);
        auth.header(step, url, http).ifPresent(h -> headers.put("Authorization", h));
        return http.send(step.method(), url, headers, step.body());
    }

    private String url(RegistryStep<?> step) {
        String path = step.path();
        return path.startsWith("http://") || path.startsWith("https://") ? path : baseUrl + path;
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
