package dev.stowage.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;

/**
 * A Vert.x HTTP server for one request handler, bound to {@code host} on the caller's Vert.x
 * instance; port 0 picks a free port ({@link #port()}). Closing it stops the server, never the instance.
 */
public final class HandlerServer implements AutoCloseable {
    private final HttpServer server;

    public HandlerServer(Vertx vertx, String host, int port, Handler<HttpServerRequest> handler) throws Exception {
        this.server = vertx.createHttpServer().requestHandler(handler).listen(port, host)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP server on port " + port(), e);
        }
    }
}
