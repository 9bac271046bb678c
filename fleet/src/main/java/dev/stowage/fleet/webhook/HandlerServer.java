package dev.stowage.fleet.webhook;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;

/** A Vert.x HTTP server (its own Vert.x instance) for one request handler, bound to {@code host}; port 0 picks a free port ({@link #port()}). */
public final class HandlerServer implements AutoCloseable {
    private final Vertx vertx;
    private final HttpServer server;

    public HandlerServer(String host, int port, Handler<HttpServerRequest> handler) throws Exception {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
        try {
            this.server = vertx.createHttpServer().requestHandler(handler).listen(port, host)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP server on port " + port(), e);
        }
    }
}
