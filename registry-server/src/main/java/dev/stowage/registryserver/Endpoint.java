package dev.stowage.registryserver;

import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;

/** One endpoint of the pull API; it runs on a worker thread and may block (blob store reads, a build). */
interface Endpoint {
    void answer(HttpServerRequest req, Route route) throws IOException;
}
