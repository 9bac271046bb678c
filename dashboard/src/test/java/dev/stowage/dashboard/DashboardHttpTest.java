package dev.stowage.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.bus.JsonlAuditLog;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.EventCodec;
import dev.stowage.event.EventHeader;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.json.Json;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard on an audit log that is appended while it runs: the JSON API lists what the log
 * holds, a half-written last line waits for its newline, each new event is announced on the
 * Server-Sent Events stream, the app's files are served, and it is read-only.
 */
class DashboardHttpTest {
    @TempDir Path tmp;
    final HttpClient http = HttpClient.newHttpClient();
    private final Vertx vertx = Vertx.vertx();

    static BuildFailed failed(String build, String message) {
        return new BuildFailed(EventHeader.create(build, "stowage-cli@h#1", Clock.systemUTC()), "submit", BuildFailed.Kind.BAD_INPUT, "spec.json", message);
    }

    static void append(JsonlAuditLog log, StowageEvent e) {
        log.append(Topics.of(e), e.partitionKey(), EventCodec.encode(e));
    }

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(int port, String path) throws Exception {
        HttpResponse<String> r = get(port, path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        return Json.reader().readTree(r.body());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void servesTheViewsAndAnnouncesEachNewEvent() throws Exception {
        Path file = tmp.resolve("audit.jsonl");
        try (JsonlAuditLog log = new JsonlAuditLog(file); Dashboard dashboard = Dashboard.onAuditLog(vertx, file, "127.0.0.1", 0)) {
            int port = dashboard.port();
            BlockingQueue<String> events = new ArrayBlockingQueue<>(100);
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.headers().firstValue("content-type")).contains("text/event-stream");
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) if (line.startsWith("data: ")) events.add(line.substring(6));
                } catch (IOException closed) {
                    // the server went away at the end of the test
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
            assertThat(events.poll(1, TimeUnit.SECONDS)).as("nothing to announce yet").isNull();
            append(log, failed("first", "no such file"));
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"id\":\"first\",\"kind\":\"build\"}");
            JsonNode builds = json(port, "/api/builds").get("builds");
            assertThat(builds).hasSize(1);
            assertThat(builds.get(0).get("id").asText()).isEqualTo("first");
            assertThat(builds.get(0).get("state").asText()).isEqualTo("failed");
            assertThat(builds.get(0).get("failure").asText()).isEqualTo("submit (BAD_INPUT, spec.json): no such file");
            assertThat(json(port, "/api/builds/first").get("id").asText()).isEqualTo("first");
            assertThat(get(port, "/api/builds/nope").statusCode()).isEqualTo(404);
            assertThat(get(port, "/api/digests/sha256:" + "0".repeat(64)).statusCode()).isEqualTo(404);

            // half a line: not an event yet
            byte[] second = (Json.canonicalString(Map.of("topic", Topics.BUILD_FAILED, "key", "second",
                    "event", Json.reader().readTree(EventCodec.encode(failed("second", "bad field"))))) + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(file, Arrays.copyOf(second, second.length / 2), StandardOpenOption.APPEND);
            assertThat(events.poll(1, TimeUnit.SECONDS)).as("half a line announces nothing").isNull();
            Files.write(file, Arrays.copyOfRange(second, second.length / 2, second.length), StandardOpenOption.APPEND);
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"id\":\"second\",\"kind\":\"build\"}");
            assertThat(json(port, "/api/builds").get("builds")).extracting(b -> b.get("id").asText()).as("the newest first").containsExactly("second", "first");

            HttpResponse<String> page = get(port, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
            assertThat(page.body()).contains("<script src=\"app.js\"></script>");
            assertThat(get(port, "/app.js").body()).contains("new EventSource(\"/api/events\")");
            assertThat(get(port, "/app.css").statusCode()).isEqualTo(200);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/builds"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as("read-only").isEqualTo(405);
        }
    }
}
