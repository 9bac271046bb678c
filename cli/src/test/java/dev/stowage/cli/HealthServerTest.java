package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthServerTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUpAndReadinessFollowsTheService() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        try (HealthServer server = new HealthServer(vertx, "127.0.0.1", 0, "assembler", ready::get, () -> "")) {
            assertThat(get(server.port(), "/health").statusCode()).isEqualTo(200);
            assertThat(get(server.port(), "/health").body()).contains("\"role\":\"assembler\"");
            assertThat(get(server.port(), "/ready").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(server.port(), "/ready").statusCode()).isEqualTo(200);
            assertThat(get(server.port(), "/nope").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void metricsAreTheProcessMetersInPrometheusTextFormat() throws Exception {
        try (PrometheusMetrics metrics = new PrometheusMetrics("planner");
                HealthServer server = new HealthServer(vertx, "127.0.0.1", 0, "planner", () -> true, metrics::scrape)) {
            Counter.builder("stowage.builds.requested").register(metrics.registry()).increment(2);
            HttpResponse<String> r = get(server.port(), "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            assertThat(r.body().lines()).contains("stowage_builds_requested_total{role=\"planner\"} 2.0")
                    .anyMatch(l -> l.startsWith("jvm_memory_used_bytes{"))
                    .anyMatch(l -> l.startsWith("process_cpu_usage{"))
                    .anyMatch(l -> l.startsWith("process_uptime_seconds{"));
        }
    }
}
