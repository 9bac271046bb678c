package dev.stowage.registryserver;

import io.vertx.core.http.HttpServerRequest;

/** {@code GET/HEAD /v2/}: 200 with an empty JSON object; clients probe it before anything else. */
final class VersionCheck implements Endpoint {
    @Override
    public void answer(HttpServerRequest req, Route route) {
        Bodies.end(req, "application/json", new byte[] {'{', '}'});
    }
}
