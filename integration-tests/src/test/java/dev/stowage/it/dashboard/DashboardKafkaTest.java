package dev.stowage.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.bus.kafka.KafkaBusConfig;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.EventHeader;
import dev.stowage.event.LayerTask;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import dev.stowage.oci.Platform;
import dev.stowage.spec.Compression;
import dev.stowage.testsupport.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage serve dashboard --kafka … --namespace NS} (its own JVM) follows the topics: an event
 * written before it started and one written after, on a topic created after it started (a new
 * platform's layer tasks), both reach {@code /api/builds}; another namespace's events do not.
 */
class DashboardKafkaTest {
    @RegisterExtension static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();
    @TempDir Path tmp;

    private static KafkaEventBus bus(String ns) {
        return new KafkaEventBus(KafkaBusConfig.of(KAFKA.bootstrapServers(), "dashboard-test", null).withNamespace(ns).withTransactional(false),
                Clock.systemUTC());
    }

    private static EventHeader header(String build) {
        return EventHeader.create(build, "test@host#1", Clock.systemUTC());
    }

    private static List<String> buildIds(int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/builds"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            List<String> ids = new ArrayList<>();
            for (JsonNode b : Json.reader().readTree(r.body()).get("builds")) ids.add(b.get("id").asText() + ":" + b.get("state").asText());
            return ids;
        } catch (IOException e) {
            return List.of(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void followsTheNamespacesTopicsIncludingOnesCreatedLater() throws Exception {
        String ns = SharedKafkaBroker.freshNamespace();
        try (KafkaEventBus bus = bus(ns); KafkaEventBus other = bus(SharedKafkaBroker.freshNamespace())) {
            bus.publish(new BuildFailed(header("before"), "submit", BuildFailed.Kind.BAD_INPUT, "spec.json", "no such file"));
            other.publish(new BuildFailed(header("elsewhere"), "submit", BuildFailed.Kind.BAD_INPUT, "spec.json", "no such file"));

            try (DashboardProcess dashboard = new DashboardProcess(tmp, "serve", "dashboard", "--kafka", KAFKA.bootstrapServers(), "--namespace", ns)) {
                int port = dashboard.port();
                assertThat(dashboard.stdout()).contains("following the topics of " + KAFKA.bootstrapServers() + " in namespace " + ns);
                Await.until(Duration.ofSeconds(60), "the build written before the start", () -> buildIds(port).contains("before:failed"),
                        () -> buildIds(port).toString());

                Platform riscv = Platform.parse("linux/riscv64"); // its task topic is created now, after the dashboard started
                bus.publish(new LayerTask(header("after"), riscv, 0, 1, Digest.ofBytes("k".getBytes(StandardCharsets.UTF_8)), "/nix/store",
                        Instant.EPOCH, Compression.GZIP, List.of()));
                Await.until(Duration.ofSeconds(60), "the build on the new topic", () -> buildIds(port).contains("after:running"),
                        () -> buildIds(port).toString());
                assertThat(buildIds(port)).containsExactlyInAnyOrder("before:failed", "after:running");
            }
        }
    }
}
