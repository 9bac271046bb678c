package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthServerTest {
    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUpAndReadinessFollowsTheService() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        try (HealthServer server = new HealthServer("127.0.0.1", 0, "assembler", ready::get)) {
            assertThat(get(server.port(), "/health").statusCode()).isEqualTo(200);
            assertThat(get(server.port(), "/health").body()).contains("\"role\":\"assembler\"");
            assertThat(get(server.port(), "/ready").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(server.port(), "/ready").statusCode()).isEqualTo(200);
            assertThat(get(server.port(), "/nope").statusCode()).isEqualTo(404);
        }
    }
}
