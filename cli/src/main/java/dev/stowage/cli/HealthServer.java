package dev.stowage.cli;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The health endpoint of a service: {@code GET /health} answers 200 while the process runs,
 * {@code GET /ready} 200 once the service is subscribed and its dependencies answer (503 before).
 * Binds to the given address; port 0 picks a free port ({@link #port()}).
 */
final class HealthServer implements AutoCloseable {
    private final Vertx vertx;
    private final HttpServer server;

    HealthServer(String host, int port, String role, BooleanSupplier ready) throws Exception {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.server = vertx.createHttpServer().requestHandler(req -> {
            switch (req.path()) {
                case "/health" -> req.response().putHeader("content-type", "application/json")
                        .end("{\"status\":\"up\",\"role\":\"" + role + "\"}");
                case "/ready" -> {
                    boolean ok = ready.getAsBoolean();
                    req.response().setStatusCode(ok ? 200 : 503).putHeader("content-type", "application/json")
                            .end("{\"ready\":" + ok + ",\"role\":\"" + role + "\"}");
                }
                default -> req.response().setStatusCode(404).end();
            }
        }).listen(port, host).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the health server", e);
        }
    }
}
