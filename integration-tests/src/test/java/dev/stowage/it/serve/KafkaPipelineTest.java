package dev.stowage.it.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.bus.kafka.KafkaBusConfig;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.testsupport.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every stage as its own JVM ({@code stowage serve}) on a real Kafka broker, builds submitted with
 * {@code stowage submit}: the image equals the in-process build's (in an OCI layout and pushed to a
 * real registry by the publisher service), {@code stowage audit --kafka}
 * shows every stage, a poison message is dead-lettered without stopping other builds.
 */
class KafkaPipelineTest {
    @RegisterExtension static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();
    @TempDir static Path tmp;
    static String kafka;
    static final String NS = SharedKafkaBroker.freshNamespace();
    static final String DLQ = NS + "stowage.layer-task.linux-amd64.dlq";
    static Path spec;
    static final Path STORE_ROOT = Path.of("../examples/hello/store").toAbsolutePath().normalize();

    @BeforeAll
    static void setUp() throws Exception {
        kafka = KAFKA.bootstrapServers();
        Path closure = Path.of("../examples/hello/path-info.json").toAbsolutePath().normalize();
        spec = Files.writeString(tmp.resolve("hello.json"), "{\"name\":\"example/hello\",\"tag\":\"1.0\","
                + "\"annotations\":{\"org.opencontainers.image.source\":\"https://example.org/hello\"},"
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"" + closure + "\"},"
                + "{\"platform\":\"linux/arm64\",\"closure\":\"" + closure + "\"}]}");
    }

    private static String blobs(String name) {
        return tmp.resolve(name).resolve("blobs").toString();
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void onePlannerThreeWorkersAnAssemblerAndAPublisherBuildTheInProcessImage() throws Exception {
        String reference = Cli.reference(spec, STORE_ROOT, tmp.resolve("reference"));
        Path dir = Files.createDirectories(tmp.resolve("e2e"));
        String buildId;
        try (Registry registry = Registry.anonymous(dir.resolve("registry"));
             Fleet fleet = new Fleet(dir, kafka, NS, blobs("e2e"), STORE_ROOT, List.of(List.of(), List.of(), List.of()))) {
            String pushed = registry.docker("example/hello:1.0");
            Cli.Run r = Cli.submitAndWait(kafka, NS, blobs("e2e"), spec, dir.resolve("out"), pushed);
            assertThat(r.exit()).as(r.err() + fleet.describe()).isZero();
            assertThat(r.index()).isEqualTo(reference);
            // the publisher service pushed the same index to the registry (read back with skopeo)
            assertThat(Skopeo.rawDigest("--tls-verify=false", pushed).toString()).isEqualTo(reference);
            buildId = r.json().get("buildId").asText();
            assertThat(Files.readString(dir.resolve("out/index.json"))).contains(reference);
            assertThat(fleet.planner.lines()).anyMatch(l -> l.contains("planner done BuildRequested build=" + buildId));
            assertThat(fleet.publisher.lines()).anyMatch(l -> l.contains("publisher done IndexAssembled build=" + buildId) && l.contains(reference));
            long layerTasks = fleet.workers.stream().flatMap(w -> w.lines().stream())
                    .filter(l -> l.contains("done LayerTask build=" + buildId)).count();
            assertThat(layerTasks).as(fleet.describe()).isGreaterThanOrEqualTo(r.json().get("platforms").get(0).get("layers").size() * 2L);
            Map<String, Integer> exits = fleet.terminate();
            assertThat(exits).as(fleet.describe()).allSatisfy((name, code) -> assertThat(code).as(name + " after SIGTERM").isZero());
            assertThat(fleet.all()).as(fleet.describe()).allSatisfy(s -> assertThat(s.lines()).anyMatch(l -> l.endsWith(" stopped")));
        }
        assertAuditListsEveryStage(buildId, reference);
    }

    private static void assertAuditListsEveryStage(String buildId, String index) {
        Cli.Run audit = Cli.run("audit", buildId, "--kafka", kafka, "--namespace", NS);
        assertThat(audit.exit()).as(audit.err()).isZero();
        List<String> lines = audit.out().lines().toList();
        assertThat(lines.get(0)).contains("BuildRequested").contains("stowage-cli@").contains("input sha256:");
        assertThat(lines.get(lines.size() - 1)).contains("Published").contains("publisher@").contains(index);
        int lastTask = lastIndex(lines, "LayerTask");
        int firstBuilt = firstIndex(lines, "LayerBuilt");
        int firstImage = firstIndex(lines, "ImageAssembled");
        int indexLine = firstIndex(lines, "IndexAssembled");
        assertThat(firstIndex(lines, "LayerTask")).isPositive();
        assertThat(firstBuilt).isGreaterThan(firstIndex(lines, "LayerTask"));
        assertThat(firstImage).isGreaterThan(firstBuilt);
        assertThat(indexLine).isGreaterThan(lastIndex(lines, "ImageAssembled")).isGreaterThan(lastIndex(lines, "LayerBuilt"))
                .isGreaterThan(lastTask);
        assertThat(lines.get(indexLine)).contains("assembler@").contains("index " + index);
        assertThat(lines).filteredOn(l -> l.contains("LayerTask")).allMatch(l -> l.contains("planner@") && l.contains("key sha256:"));
        assertThat(lines).filteredOn(l -> l.contains("LayerBuilt")).allMatch(l -> l.contains("layer-worker@") && l.contains("diffID sha256:"));
        assertThat(lines).filteredOn(l -> l.contains("ImageAssembled")).hasSize(2).allMatch(l -> l.contains("manifest sha256:") && l.contains("config sha256:"));
        assertThat(lines).noneMatch(l -> l.contains("BuildFailed"));
        Cli.Run json = Cli.run("audit", buildId, "--kafka", kafka, "--namespace", NS, "--json");
        assertThat(json.out().lines()).hasSize(lines.size()).allMatch(l -> l.startsWith("{") && l.contains(buildId));
    }

    private static int firstIndex(List<String> lines, String type) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(" " + type + " ")) return i;
        return -1;
    }

    private static int lastIndex(List<String> lines, String type) {
        for (int i = lines.size() - 1; i >= 0; i--) if (lines.get(i).contains(" " + type + " ")) return i;
        return -1;
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aPoisonLayerTaskIsDeadLetteredAndFailsItsBuildWhileOthersPublishOnPerPlatformWorkers() throws Exception {
        String reference = Cli.reference(spec, STORE_ROOT, tmp.resolve("reference"));
        Path dir = Files.createDirectories(tmp.resolve("poison"));
        byte[] poison = "{\"type\":\"LayerTask\",\"header\":{\"schemaVersion\":1,\"buildId\":\"poison-1\"},\"layerIndex\":\"many\"}"
                .getBytes(StandardCharsets.UTF_8);
        try (Fleet fleet = new Fleet(dir, kafka, NS, blobs("poison"), STORE_ROOT,
                List.of(List.of("--platform", "linux/amd64"), List.of("--platform", "linux/arm64")))) {
            try (KafkaEventBus raw = new KafkaEventBus(KafkaBusConfig.of(kafka, "poisoner", null).withNamespace(NS), Clock.systemUTC())) {
                raw.publishRaw("stowage.layer-task.linux-amd64", "poison", poison);
            }
            Await.until(Duration.ofSeconds(120), "BuildFailed of poison-1 on the topics", () -> {
                Cli.Run audit = Cli.run("audit", "poison-1", "--kafka", kafka, "--namespace", NS);
                return audit.exit() == 0 && audit.out().contains("BuildFailed");
            }, fleet::describe);
            Cli.Run audit = Cli.run("audit", "poison-1", "--kafka", kafka, "--namespace", NS);
            assertThat(audit.out()).contains("layer-worker.linux-amd64 INTERNAL");
            ConsumerRecord<String, byte[]> dead = deadLetter(poison);
            assertThat(header(dead, "stowage.error.stage")).isEqualTo("layer-worker.linux-amd64");
            assertThat(header(dead, "stowage.original.topic")).isEqualTo("stowage.layer-task.linux-amd64");
            assertThat(header(dead, "stowage.error.message")).isNotBlank();

            Cli.Run r = Cli.submitAndWait(kafka, NS, blobs("poison"), spec, dir.resolve("out"));
            assertThat(r.exit()).as(r.err() + fleet.describe()).isZero();
            assertThat(r.index()).isEqualTo(reference);
            String buildId = r.json().get("buildId").asText();
            List<String> amd64 = tasks(fleet.workers.get(0), buildId);
            List<String> arm64 = tasks(fleet.workers.get(1), buildId);
            assertThat(amd64).isNotEmpty().allMatch(l -> l.contains("linux/amd64") && !l.contains("linux/arm64"));
            assertThat(arm64).isNotEmpty().allMatch(l -> l.contains("linux/arm64") && !l.contains("linux/amd64"));
        }
    }

    private static List<String> tasks(ServiceProcess worker, String buildId) {
        return worker.lines().stream().filter(l -> l.contains("done LayerTask build=" + buildId)).toList();
    }

    private static ConsumerRecord<String, byte[]> deadLetter(byte[] value) {
        return firstRecord(DLQ, r -> Arrays.equals(r.value(), value));
    }

    /** The first committed record of {@code topic} that matches, awaited with a deadline. */
    private static ConsumerRecord<String, byte[]> firstRecord(String topic, Predicate<ConsumerRecord<String, byte[]>> match) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            Await.until(Duration.ofSeconds(30), "a matching record on " + topic, () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(r)) found.add(r);
                }
                return !found.isEmpty();
            }, () -> "no match on " + topic);
            return found.get(0);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aBadSpecIsOneErrorLineExitTwoAndABuildFailedOnKafka() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.json"), Files.readString(spec).replace("\"tag\"", "\"maxLayer\":5,\"tag\""));
        Cli.Run r = Cli.run("submit", bad.toString(), "--kafka", kafka, "--namespace", NS, "--blob-store", blobs("bad"),
                "--out", "oci:" + tmp.resolve("bad-out"), "--wait");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(1).allMatch(l -> l.startsWith("stowage: error: ") && l.contains("bad.json") && l.contains("maxLayer"));
        assertThat(tmp.resolve("bad-out")).doesNotExist();
        ConsumerRecord<String, byte[]> failed = firstRecord(NS + "stowage.build-failed",
                rec -> new String(rec.value(), StandardCharsets.UTF_8).contains("bad.json"));
        assertThat(new String(failed.value(), StandardCharsets.UTF_8)).contains("\"stage\":\"submit\"").contains("\"kind\":\"BAD_INPUT\"");
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
