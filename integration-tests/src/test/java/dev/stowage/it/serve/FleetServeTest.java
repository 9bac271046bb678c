package dev.stowage.it.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.fleet.Catalog;
import dev.stowage.fleet.Catalogs;
import dev.stowage.it.fleet.FleetFixture;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import dev.stowage.testsupport.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet in the distributed mode: a catalog on a compacted topic, {@code stowage serve planner
 * --catalog kafka://… --webhook-port 0 --webhook-token-file …}, a layer worker, an assembler and a
 * publisher, each its own JVM on a real broker; three nix-bin images of fleet.nix built with
 * {@code stowage submit}. The planner is restarted (its index rebuilt from the topics), then a change
 * posted to its webhook rebuilds and republishes exactly
 * the images holding the changed path (asserted from the fleet's events on Kafka and with skopeo);
 * refused requests (401, 400) put nothing on Kafka; a change through {@code fleet trigger --kafka}
 * to a path no image holds plans nothing, a bad one is exit 2 and one {@code BuildFailed}.
 */
class FleetServeTest {
    @RegisterExtension static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();
    static final String NS = SharedKafkaBroker.freshNamespace();
    static final Pattern WEBHOOK = Pattern.compile("webhook (http://127\\.0\\.0\\.1:\\d+/v1/changes)");
    static final String TOKEN = "fleet-serve-test-token-0123456789";
    @TempDir Path tmp;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aChangePostedToThePlannersWebhookRebuildsExactlyTheImagesHoldingThePath() throws Exception {
        String kafka = KAFKA.bootstrapServers();
        FleetFixture fixture = new FleetFixture(new NixStore(tmp.resolve("nix")), tmp.resolve("specs"), 3);
        String blobs = tmp.resolve("blobs").toString();
        Path layout = tmp.resolve("layout");
        String catalog = "kafka://" + kafka + "/" + NS + "fleet-catalog";
        List<String> add = new ArrayList<>(List.of("fleet", "add"));
        fixture.specs().forEach(s -> add.add(s.toString()));
        add.addAll(List.of("--out", "oci:" + layout, "--blob-store", blobs, "--catalog", catalog, "--audit-log", tmp.resolve("unused.jsonl").toString()));
        Cli.Run added = Cli.run(add.toArray(String[]::new));
        assertThat(added.exit()).as(added.err()).isZero();
        Path tokenFile = Files.writeString(tmp.resolve("token"), TOKEN + "\n");
        Path dir = Files.createDirectories(tmp.resolve("services"));
        try (Fleet services = new Fleet(dir, kafka, NS, blobs, fixture.nix.root(),
                List.of("--catalog", catalog, "--webhook-port", "0", "--webhook-token-file", tokenFile.toString()), List.of(List.of()))) {
            Map<Integer, Digest> before = new HashMap<>();
            for (int i = 0; i < fixture.n; i++) {
                Cli.Run r = Cli.submitAndWait(kafka, NS, blobs, fixture.spec(i), layout);
                assertThat(r.exit()).as(r.err() + services.describe()).isZero();
                String buildId = r.json().get("buildId").asText();
                Await.until(Duration.ofSeconds(60), "the fleet index has seen " + buildId,
                        () -> services.planner.lines().stream().anyMatch(l -> l.contains("fleet-index done Published build=" + buildId)), services::describe);
                before.put(i, Skopeo.rawDigest("oci:" + layout + ":app-" + i));
            }

            // a clean stop commits the fleet-index group's offsets: only the replay of the topics at start can give the new run its index
            assertThat(services.planner.terminate(Duration.ofSeconds(60))).isZero();
            services.planner.start();
            services.planner.awaitReady(Fleet.READY);
            assertThat(services.planner.lines().stream().filter(l -> l.contains(" fleet index and tracker rebuilt from ")).reduce((a, b) -> b))
                    .hasValueSatisfying(l -> assertThat(l).matches(".* fleet index and tracker rebuilt from [1-9]\\d* events on the topics"));
            URI webhook = webhook(services.planner);

            String change = "{\"replace\":[{\"from\":\"" + fixture.cacertOld + "\",\"to\":\"" + fixture.cacertNew + "\"}],"
                    + "\"closure\":" + Files.readString(fixture.nix.pathInfo(tmp.resolve("cacert-new.json"), fixture.cacertNew)) + ","
                    + "\"source\":\"test\"}";
            assertThat(post(webhook, null, change).statusCode()).isEqualTo(401);
            assertThat(post(webhook, "wrong-" + TOKEN, change).statusCode()).isEqualTo(401);
            HttpResponse<String> malformed = post(webhook, TOKEN, "{\"replace\":[{\"from\":\"/nix/store/bad\",\"to\":\"" + fixture.cacertNew + "\"}]}");
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(malformed.body()).contains("replace[0]").contains("/nix/store/bad");
            HttpResponse<String> accepted = post(webhook, TOKEN, change);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String fleetId = Json.reader().readTree(accepted.body()).get("fleetRebuild").asText();

            JsonNode status = awaitFinished(kafka, fleetId, services);
            assertThat(SharedKafkaBroker.size(kafka, NS + "stowage.store-paths-changed")).as("only the accepted change is on Kafka").isEqualTo(1);
            List<String> planned = new ArrayList<>();
            status.get("planned").get("images").forEach(p -> planned.add(p.get("image").asText()));
            assertThat(planned).containsExactlyInAnyOrder(fixture.name(1), fixture.name(2));
            JsonNode totals = status.get("totals");
            assertThat(totals.get("republished").asInt()).isEqualTo(2);
            assertThat(totals.get("failed").asInt()).isZero();
            assertThat(totals.get("layersBuilt").asInt()).as("only the new CA bundle's layer is built").isEqualTo(1);
            Map<String, JsonNode> reports = new HashMap<>();
            status.get("images").forEach(r -> reports.put(r.get("image").asText(), r));
            for (int i = 1; i < fixture.n; i++) {
                JsonNode inspect = Skopeo.inspect("inspect", "oci:" + layout + ":app-" + i);
                assertThat(inspect.get("Digest").asText()).isEqualTo(reports.get(fixture.name(i)).get("index").asText())
                        .isNotEqualTo(before.get(i).toString());
                JsonNode config = Skopeo.inspect("inspect", "--config", "oci:" + layout + ":app-" + i);
                assertThat(Skopeo.texts(config.get("config").get("Env"))).contains("SSL_CERT_FILE=" + fixture.cacertNew + "/etc/ssl/certs/ca-bundle.crt");
            }
            assertThat(Skopeo.rawDigest("oci:" + layout + ":app-0")).as("app-0 has no CA bundle").isEqualTo(before.get(0));
            try (Catalog entries = Catalogs.open(catalog)) {
                assertThat(Json.canonicalString(entries.get(fixture.name(1)).orElseThrow().input()))
                        .as("the tracker put the published input into the catalog").contains(fixture.cacertNew).doesNotContain(fixture.cacertOld);
                assertThat(Json.canonicalString(entries.get(fixture.name(0)).orElseThrow().input())).doesNotContain(fixture.cacertNew);
            }

            Path unusedClosure = fixture.nix.pathInfo(tmp.resolve("unused-new.json"), fixture.unusedNew);
            Cli.Run trigger = Cli.run("fleet", "trigger", "--kafka", kafka, "--namespace", NS, "--replace", fixture.unusedOld + "=" + fixture.unusedNew,
                    "--closure", unusedClosure.toString(), "--json");
            assertThat(trigger.exit()).as(trigger.err()).isZero();
            JsonNode nothing = awaitFinished(kafka, trigger.json().get("fleetRebuild").asText(), services);
            assertThat(nothing.get("planned").get("images")).isEmpty();
            assertThat(nothing.get("totals").get("images").asInt()).isZero();
            assertThat(SharedKafkaBroker.size(kafka, NS + "stowage.build-failed")).isZero();
            Cli.Run bad = Cli.run("fleet", "trigger", "--kafka", kafka, "--namespace", NS, "--replace", "/nix/store/bad=" + fixture.unusedNew,
                    "--closure", unusedClosure.toString());
            assertThat(bad.exit()).as(bad.err()).isEqualTo(2);
            assertThat(bad.err()).contains("--replace /nix/store/bad=");
            assertThat(SharedKafkaBroker.size(kafka, NS + "stowage.build-failed")).as("a bad trigger is one BuildFailed").isEqualTo(1);
            assertThat(SharedKafkaBroker.size(kafka, NS + "stowage.store-paths-changed")).isEqualTo(2);
            assertThat(services.describe()).doesNotContain(TOKEN);
            assertThat(String.join("\n", services.planner.lines())).doesNotContain(TOKEN);
        }
    }

    /** The webhook address the planner's latest run printed. */
    private static URI webhook(ServiceProcess planner) {
        List<String> lines = planner.lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = WEBHOOK.matcher(lines.get(i));
            if (m.find()) return URI.create(m.group(1));
        }
        throw new AssertionError("the planner printed no webhook address\n" + planner.describe());
    }

    private static HttpResponse<String> post(URI uri, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code stowage fleet status ID --kafka … --json}, awaited until the rebuild finished. */
    private static JsonNode awaitFinished(String kafka, String fleetId, Fleet services) {
        JsonNode[] last = {null};
        Await.until(Duration.ofSeconds(180), "fleet rebuild " + fleetId + " finished", () -> {
            Cli.Run r = Cli.run("fleet", "status", fleetId, "--kafka", kafka, "--namespace", NS, "--json");
            if (r.exit() != 0) return false;
            last[0] = r.json();
            return !"running".equals(last[0].get("state").asText());
        }, () -> (last[0] == null ? "no status" : last[0].toString()) + "\n" + services.describe());
        assertThat(last[0].get("state").asText()).as(last[0].toString()).isEqualTo("finished");
        return last[0];
    }
}
