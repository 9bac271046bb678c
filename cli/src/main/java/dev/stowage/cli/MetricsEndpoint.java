package dev.stowage.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * {@code stowage build --metrics-port N}: the build's meters at {@code http://127.0.0.1:N/metrics}
 * while it runs (with {@code /health}; port 0 picks a free one, printed on stderr). Without the
 * flag the stages get a registry that keeps nothing, and nothing listens.
 */
final class MetricsEndpoint implements AutoCloseable {
    private final PrometheusMetrics metrics;
    private final HealthServer server;
    private final MeterRegistry registry;

    private MetricsEndpoint(PrometheusMetrics metrics, HealthServer server, MeterRegistry registry) {
        this.metrics = metrics;
        this.server = server;
        this.registry = registry;
    }

    /** @param port null for none (then {@code vertx} is not asked for an instance) */
    static MetricsEndpoint open(Supplier<Vertx> vertx, Integer port, PrintWriter err) throws Exception {
        if (port == null) return new MetricsEndpoint(null, null, new CompositeMeterRegistry());
        PrometheusMetrics metrics = new PrometheusMetrics("build");
        try {
            HealthServer server = new HealthServer(vertx.get(), "--metrics-port", "127.0.0.1", port, "build", () -> true, metrics::scrape);
            err.println("stowage: metrics at http://127.0.0.1:" + server.port() + "/metrics");
            return new MetricsEndpoint(metrics, server, metrics.registry());
        } catch (Exception e) {
            metrics.close();
            throw e;
        }
    }

    MeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (server != null) server.close();
        if (metrics != null) metrics.close();
    }
}
