package dev.stowage.registryserver;

import dev.stowage.json.Json;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Map;

/** Writes a distribution-format error: {@code {"errors":[{"code":…,"message":…,"detail":{}}]}}, with Retry-After when a retry can help. */
final class ErrorAnswer {
    private ErrorAnswer() {}

    static void write(HttpServerRequest req, DistributionException e) {
        HttpServerResponse r = req.response();
        if (r.headWritten()) {
            // the status line is gone (a blob failed mid-stream): the client must see a broken transfer, not a short blob
            r.reset();
            return;
        }
        r.setStatusCode(e.code().status()).putHeader(Headers.API_VERSION, Headers.API_VERSION_VALUE);
        e.retryAfter().ifPresent(d -> r.putHeader("Retry-After", Long.toString(Math.max(1, d.toSeconds()))));
        byte[] body = Json.canonicalBytes(Map.of("errors", List.of(Map.of("code", e.code().name(),
                "message", e.getMessage() == null ? e.code().name() : e.getMessage(), "detail", Map.of()))));
        Bodies.end(req, "application/json", body);
    }
}
