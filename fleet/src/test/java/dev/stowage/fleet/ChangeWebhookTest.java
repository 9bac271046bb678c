package dev.stowage.fleet;

import static dev.stowage.fleet.TestInputs.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.bus.AuditLogReader;
import dev.stowage.bus.InProcessEventBus;
import dev.stowage.bus.JsonlAuditLog;
import dev.stowage.event.StorePathsChanged;
import dev.stowage.fleet.webhook.ChangeWebhook;
import dev.stowage.http.HandlerServer;
import io.vertx.core.Vertx;
import dev.stowage.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook on a real Vert.x server (free loopback port) in front of the in-process bus and its audit log. */
class ChangeWebhookTest {
    private static final String TOKEN = "s3cret-token-for-tests";
    @TempDir Path tmp;
    private Path audit;
    private InProcessEventBus bus;
    private Vertx vertx;
    private HandlerServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        audit = tmp.resolve("audit.jsonl");
        bus = InProcessEventBus.withAuditLog(new JsonlAuditLog(audit));
        vertx = Vertx.vertx();
        server = new HandlerServer(vertx, "127.0.0.1", 0, new ChangeWebhook(bus, TOKEN, "planner@test#1", CLOCK));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        bus.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<String> post(String authorization, String body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + ChangeWebhook.PATH))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) req.header("Authorization", authorization);
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String validChange() {
        return "{\"replace\":[{\"from\":\"" + CACERT + "\",\"to\":\"" + CACERT_FIXED + "\"}],"
                + "\"closure\":" + pathInfoJson(List.of(info(CACERT_FIXED))) + ",\"source\":\"hydra job 42\"}";
    }

    private List<String> loggedTypes() throws Exception {
        if (!Files.exists(audit)) return List.of();
        return AuditLogReader.read(audit).stream().map(e -> e.event().type()).toList();
    }

    @Test
    void withoutTheTokenIs401AndNothingIsPublished() throws Exception {
        for (String auth : new String[] {null, "Bearer wrong", "Basic " + TOKEN, TOKEN}) {
            HttpResponse<String> r = post(auth, validChange());
            assertThat(r.statusCode()).as(String.valueOf(auth)).isEqualTo(401);
            assertThat(r.body()).doesNotContain(TOKEN);
        }
        assertThat(loggedTypes()).isEmpty();
    }

    @Test
    void aMalformedChangeIs400WithTheReasonAndNothingIsPublished() throws Exception {
        String auth = "Bearer " + TOKEN;
        assertThat(post(auth, "{not json").body()).contains("not valid JSON");
        assertThat(post(auth, "[]").body()).contains("expected a JSON object");
        assertThat(post(auth, "{\"replace\":[{\"from\":\"/nix/store/bad\",\"to\":\"" + CACERT_FIXED + "\"}],\"closure\":[]}").body())
                .contains("replace[0]").contains("/nix/store/bad");
        assertThat(post(auth, "{\"replace\":[{\"from\":\"" + CACERT + "\",\"to\":\"" + CACERT_FIXED + "\"}]}").body()).contains("closure: required");
        assertThat(post(auth, "{\"replace\":[{\"from\":\"" + CACERT + "\",\"to\":\"" + CACERT_FIXED + "\"}],\"closure\":"
                + pathInfoJson(List.of(info(TOOL))) + "}").body()).contains("the closure lacks the new path " + CACERT_FIXED);
        assertThat(post(auth, "{\"closure\":" + pathInfoJson(List.of(info(TOOL))) + ",\"extra\":1}").body()).contains("unknown field 'extra'");
        HttpResponse<String> r = post(auth, "{\"closure\":" + pathInfoJson(List.of(info(TOOL))) + "}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("at least one replacement or new root");
        assertThat(loggedTypes()).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIs413AndNothingIsPublished() throws Exception {
        HttpResponse<String> r = post("Bearer " + TOKEN, "{\"source\":\"" + "x".repeat(17 * 1024 * 1024) + "\"}");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(loggedTypes()).isEmpty();
    }

    @Test
    void aValidChangeIs202AndOneStorePathsChangedEvent() throws Exception {
        HttpResponse<String> r = post("Bearer " + TOKEN, validChange());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = Json.reader().readTree(r.body()).get("fleetRebuild").asText();
        assertThat(FleetIds.fleetOf(FleetIds.imageBuild(id, 0))).contains(id);
        var events = AuditLogReader.read(audit);
        assertThat(events).singleElement().satisfies(e -> {
            StorePathsChanged c = (StorePathsChanged) e.event();
            assertThat(c.buildId()).isEqualTo(id);
            assertThat(c.replacements()).containsExactly(new StorePathsChanged.Replacement(CACERT, CACERT_FIXED));
            assertThat(c.source()).isEqualTo("hydra job 42");
        });
        assertThat(Files.readString(audit)).doesNotContain(TOKEN);
    }
}
