package dev.stowage.registryserver;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/** Ends a response with a small body held in memory: its type and length, and the bytes unless the request is a HEAD. */
final class Bodies {
    private Bodies() {}

    static void end(HttpServerRequest req, String contentType, byte[] body) {
        req.response().putHeader("Content-Type", contentType).putHeader("Content-Length", Integer.toString(body.length));
        if (req.method() == HttpMethod.HEAD) req.response().end();
        else req.response().end(Buffer.buffer(body));
    }
}
