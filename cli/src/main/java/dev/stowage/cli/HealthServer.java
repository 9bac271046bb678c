package dev.stowage.cli;

import dev.stowage.http.HandlerServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The health endpoint of a service: {@code GET /health} answers 200 while the process runs,
 * {@code GET /ready} 200 once the service is subscribed and its dependencies answer (503 before,
 * and once a consumer failed), {@code GET /metrics} the process's meters in Prometheus's text
 * format. Binds to the given address; port 0 picks a free port ({@link #port()}).
 */
final class HealthServer implements AutoCloseable {
    private final HandlerServer server;

    HealthServer(Vertx vertx, String host, int port, String role, BooleanSupplier ready, Supplier<String> metrics) throws Exception {
        this(vertx, "--health-port", host, port, role, ready, metrics);
    }

    /** @param flag the flag that sets the port, named when the port is in use */
    HealthServer(Vertx vertx, String flag, String host, int port, String role, BooleanSupplier ready, Supplier<String> metrics)
            throws Exception {
        this.server = Ports.bind(vertx, flag, host, port, req -> answer(req, role, ready, metrics));
    }

    private static void answer(HttpServerRequest req, String role, BooleanSupplier ready, Supplier<String> metrics) {
        switch (req.path()) {
            case "/metrics" -> req.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.get());
            case "/health" -> req.response().putHeader("content-type", "application/json")
                    .end("{\"status\":\"up\",\"role\":\"" + role + "\"}");
            case "/ready" -> {
                boolean ok = ready.getAsBoolean();
                req.response().setStatusCode(ok ? 200 : 503).putHeader("content-type", "application/json")
                        .end("{\"ready\":" + ok + ",\"role\":\"" + role + "\"}");
            }
            default -> req.response().setStatusCode(404).end();
        }
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
