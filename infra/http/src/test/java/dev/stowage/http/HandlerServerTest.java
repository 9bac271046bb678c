package dev.stowage.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandlerServerTest {
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void closeVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheHandlerOnAFreePortAndStopsWithoutClosingTheInstance() throws Exception {
        HandlerServer first = new HandlerServer(vertx, "127.0.0.1", 0, req -> req.response().setStatusCode(200).end("path " + req.path()));
        int port = first.port();
        assertThat(port).isPositive();
        HttpResponse<String> answer = get(port, "/health");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("path /health");

        first.close();
        assertThatThrownBy(() -> get(port, "/health")).isInstanceOf(ConnectException.class);

        // the caller's Vert.x instance still serves: closing a server never closes its owner
        try (HandlerServer second = new HandlerServer(vertx, "127.0.0.1", 0, req -> req.response().end("again"))) {
            assertThat(get(second.port(), "/").body()).isEqualTo("again");
        }
    }

    @Test
    void aPortInUseFailsWithTheBindErrorInTheCauseChain() throws Exception {
        try (HandlerServer taken = new HandlerServer(vertx, "127.0.0.1", 0, req -> req.response().end())) {
            assertThatThrownBy(() -> new HandlerServer(vertx, "127.0.0.1", taken.port(), req -> req.response().end()))
                    .hasRootCauseInstanceOf(BindException.class);
        }
    }
}
