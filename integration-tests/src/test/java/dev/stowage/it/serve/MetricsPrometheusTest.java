package dev.stowage.it.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.bus.kafka.KafkaBusConfig;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.it.harness.OciLayouts;
import dev.stowage.it.harness.Prometheus;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.json.Json;
import dev.stowage.testsupport.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes {@code /metrics} of every service of a multi-process Kafka build; its
 * HTTP API then shows what the build did: one request, layers built = layer tasks of the plan,
 * layer bytes = the blob sizes in the output, one publication; a poison task is one dead letter
 * and one failed build. Further builds of the same spec add
 * no {@code stowage_} series (no label carries a build id); the shipped dashboard's queries run.
 */
class MetricsPrometheusTest {
    @RegisterExtension static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();
    static final Path STORE_ROOT = Path.of("../examples/hello/store").toAbsolutePath().normalize();
    static final Path DASHBOARD = Path.of("../deploy/grafana-dashboard.json").toAbsolutePath().normalize();
    /** Builds of the same spec; from the second on, every layer is cached, so no new series may appear. */
    /** The bound: after 50 builds the series are those after 2. */
    static final int BUILDS = 50;
    static final String STOWAGE_SERIES = "{__name__=~\"stowage_.+\"}";
    @TempDir Path tmp;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void prometheusSeesWhatTheBuildDidAndSeriesDoNotGrowWithBuilds() throws Exception {
        String kafka = KAFKA.bootstrapServers();
        String ns = SharedKafkaBroker.freshNamespace();
        Path closure = Path.of("../examples/hello/path-info.json").toAbsolutePath().normalize();
        Path spec = Files.writeString(tmp.resolve("hello.json"), "{\"name\":\"example/hello\",\"tag\":\"1.0\","
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"" + closure + "\"}]}");
        String blobs = tmp.resolve("blobs").toString();
        try (Fleet fleet = new Fleet(tmp, kafka, ns, blobs, STORE_ROOT, List.of(List.of()));
                Prometheus prometheus = new Prometheus(tmp.resolve("prometheus"), fleet.all().stream().map(ServiceProcess::healthPort).toList())) {
            Await.until(Duration.ofSeconds(30), "every service scraped", () -> prometheus.value("count(up == 1)") == fleet.all().size(),
                    prometheus::targets);

            Cli.Run first = Cli.submitAndWait(kafka, ns, blobs, spec, tmp.resolve("out-1"));
            assertThat(first.exit()).as(first.err() + fleet.describe()).isZero();
            List<String> buildIds = new ArrayList<>(List.of(first.json().get("buildId").asText()));
            JsonNode layers = OciLayouts.images(tmp.resolve("out-1")).get(0).manifest().get("layers");
            long layerBytes = 0;
            for (JsonNode l : layers) layerBytes += l.get("size").asLong();

            awaitValue(prometheus, "sum(stowage_builds_published_total)", 1);
            awaitValue(prometheus, "sum(stowage_events_handled_seconds_count{group=\"publisher\",type=\"IndexAssembled\",outcome=\"ok\"})", 1);
            assertThat(prometheus.value("sum(stowage_builds_requested_total{role=\"planner\"})")).isEqualTo(1);
            awaitValue(prometheus, "sum(stowage_layer_tasks_total{outcome=\"built\",platform=\"linux/amd64\"})", layers.size());
            assertThat(prometheus.value("sum(stowage_layer_tasks_total{outcome=~\"cached|failed\"})")).isNaN();
            // the histograms: one observation per built layer, the bytes those of the blobs in the output
            assertThat(prometheus.value("sum(stowage_layer_build_seconds_count)")).isEqualTo(layers.size());
            assertThat(prometheus.value("sum(stowage_layer_build_seconds_bucket{le=\"+Inf\"})")).isEqualTo(layers.size());
            assertThat(prometheus.value("sum(stowage_layer_compressed_bytes_sum)")).isEqualTo(layerBytes);
            assertThat(prometheus.value("sum(stowage_layer_uncompressed_bytes_sum)")).isGreaterThan(0);
            assertThat(prometheus.value("sum(stowage_layer_compression_throughput_bytes_per_second_count)")).isEqualTo(layers.size());
            // every layer blob was committed to the store once, by a worker
            assertThat(prometheus.value("sum(stowage_blob_store_written_bytes_total{role=\"layer-worker\"})")).isGreaterThanOrEqualTo(layerBytes);
            assertThat(prometheus.value("sum(stowage_blob_store_operation_seconds_count{store=\"fs\",operation=\"commit\",outcome=\"ok\"})"))
                    .isGreaterThanOrEqualTo(layers.size());
            assertThat(prometheus.value("sum(stowage_events_handled_seconds_count{group=\"planner\",type=\"BuildRequested\",outcome=\"ok\"})")).isEqualTo(1);
            assertThat(prometheus.value("sum(stowage_events_emitted_total{group=\"planner\",type=\"LayerTask\"})")).isEqualTo(layers.size());
            assertThat(prometheus.value("sum(stowage_dead_letters_total)")).isNaN();
            assertThat(prometheus.value("sum(stowage_builds_failed_total)")).isNaN();
            // JVM and process metrics of every role, and the consumers' own Kafka metrics
            assertThat(prometheus.query("count by (role) (jvm_memory_used_bytes)")).hasSize(4);
            assertThat(prometheus.query("count by (role) (process_cpu_usage)")).hasSize(4);
            assertThat(prometheus.value("count(kafka_consumer_fetch_manager_records_lag_max)")).isGreaterThanOrEqualTo(fleet.all().size());

            // a poison layer task: dead-lettered at once (it does not decode) and its build failed, kind internal
            try (KafkaEventBus raw = new KafkaEventBus(KafkaBusConfig.of(kafka, "poisoner", null).withNamespace(ns), Clock.systemUTC())) {
                raw.publishRaw("stowage.layer-task.linux-amd64", "poison", ("{\"type\":\"LayerTask\",\"header\":{\"schemaVersion\":1,"
                        + "\"buildId\":\"poison-1\"},\"layerIndex\":\"many\"}").getBytes(StandardCharsets.UTF_8));
            }
            buildIds.add("poison-1");
            awaitValue(prometheus, "sum(stowage_dead_letters_total{group=\"layer-worker\",topic=\"stowage.layer-task.linux-amd64\",role=\"layer-worker\"})", 1);
            awaitValue(prometheus, "sum(stowage_builds_failed_total{kind=\"internal\",stage=\"layer-worker\"})", 1);

            Cli.Run second = Cli.submitAndWait(kafka, ns, blobs, spec, tmp.resolve("out-2"));
            assertThat(second.exit()).as(second.err() + fleet.describe()).isZero();
            assertThat(second.index()).isEqualTo(first.index());
            buildIds.add(second.json().get("buildId").asText());
            awaitValue(prometheus, "sum(stowage_events_handled_seconds_count{group=\"publisher\",type=\"IndexAssembled\",outcome=\"ok\"})", 2);
            awaitValue(prometheus, "sum(stowage_layer_tasks_total{outcome=\"cached\"})", layers.size());
            int seriesAfterSecond = prometheus.series(STOWAGE_SERIES).size();
            // the rest submitted without waiting for each: the services take them as fast as they can
            for (int build = 3; build <= BUILDS; build++) {
                Cli.Run r = Cli.run("submit", spec.toString(), "--kafka", kafka, "--namespace", ns, "--blob-store", blobs,
                        "--out", "oci:" + tmp.resolve("out-" + build), "--json");
                assertThat(r.exit()).as(r.err()).isZero();
                buildIds.add(r.json().get("buildId").asText());
            }
            awaitValue(prometheus, "sum(stowage_builds_published_total)", BUILDS, Duration.ofSeconds(240));
            assertThat(prometheus.value("sum(stowage_builds_published_total)")).isEqualTo(BUILDS);
            assertThat(prometheus.value("sum(stowage_builds_requested_total)")).isEqualTo(BUILDS);
            assertThat(prometheus.value("sum(stowage_layer_tasks_total{outcome=\"cached\"})")).isEqualTo((BUILDS - 1L) * layers.size());
            List<JsonNode> series = prometheus.series(STOWAGE_SERIES);
            assertThat(series).as("stowage_ series after " + BUILDS + " builds vs. after 2").hasSize(seriesAfterSecond);
            assertThat(series).allSatisfy(labels -> assertThat(labels.toString()).doesNotContain(buildIds.toArray(String[]::new)));
            // every query of the shipped dashboard is valid PromQL: Prometheus answers it with success (query() fails otherwise)
            JsonNode dashboard = Json.tree(DASHBOARD);
            for (JsonNode panel : dashboard.get("panels")) {
                for (JsonNode target : panel.get("targets")) {
                    assertThat(prometheus.query(target.get("expr").asText())).as(panel.get("title").asText() + ": " + target.get("expr")).isNotNull();
                }
            }
        }
    }

    private static void awaitValue(Prometheus prometheus, String promql, double expected) {
        awaitValue(prometheus, promql, expected, Duration.ofSeconds(30));
    }

    private static void awaitValue(Prometheus prometheus, String promql, double expected, Duration timeout) {
        DoubleSupplier v = () -> prometheus.value(promql);
        Await.until(timeout, promql + " = " + expected, () -> v.getAsDouble() == expected,
                () -> promql + " = " + v.getAsDouble());
    }
}
