package dev.stowage.it.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.json.Json;
import dev.stowage.testsupport.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling upgrade on a real broker, every stage its own JVM: a "newer" planner's layer tasks
 * carry fields this release does not know (a relay adds them between the planner's namespace and
 * the worker's), and one task of schema v2 is slipped in. The worker builds the tasks it can read
 * (the build publishes the in-process image) and dead-letters the v2 task with a {@code BuildFailed}
 * naming the version.
 */
class MixedVersionPipelineTest {
    @RegisterExtension static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();
    @TempDir static Path tmp;
    static final Path STORE_ROOT = Path.of("../examples/hello/store").toAbsolutePath().normalize();

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aWorkerBuildsTasksWithUnknownFieldsAndDeadLettersANewerMajor() throws Exception {
        String kafka = KAFKA.bootstrapServers();
        String ns = SharedKafkaBroker.freshNamespace();
        String workerNs = ns + "old.";
        Path closure = Path.of("../examples/hello/path-info.json").toAbsolutePath().normalize();
        Path spec = Files.writeString(tmp.resolve("hello.json"), "{\"name\":\"example/hello\",\"tag\":\"1.0\","
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"" + closure + "\"}]}");
        String reference = Cli.reference(spec, STORE_ROOT, tmp.resolve("reference"));
        String blobs = tmp.resolve("blobs").toString();
        Path dir = Files.createDirectories(tmp.resolve("fleet"));
        try (Fleet fleet = new Fleet(dir, kafka, ns, blobs, STORE_ROOT, List.of());
             Relay relay = new Relay(kafka, ns, workerNs)) {
            ServiceProcess worker = new ServiceProcess("layer-worker-old", dir,
                    List.of("layer-worker", "--kafka", kafka, "--namespace", workerNs, "--blob-store", blobs, "--store-root", STORE_ROOT.toString()));
            worker.start();
            try {
                worker.awaitReady(Fleet.READY);
                relay.start();
                Cli.Run r = Cli.submitAndWait(kafka, ns, blobs, spec, dir.resolve("out"));
                assertThat(r.exit()).as(r.err() + fleet.describe() + worker.describe()).isZero();
                assertThat(r.index()).isEqualTo(reference);
                String buildId = r.json().get("buildId").asText();
                assertThat(relay.tasks).as("tasks relayed with unknown fields").isNotEmpty()
                        .allSatisfy(t -> assertThat(t.has("encoderThreads") && t.get("header").has("traceId")).isTrue());
                assertThat(worker.lines()).anyMatch(l -> l.contains("done LayerTask build=" + buildId));

                List<JsonNode> failed = new ArrayList<>();
                Await.until(Duration.ofSeconds(60), "the BuildFailed of the v2 task", () -> {
                    failed.clear();
                    failed.addAll(records(kafka, workerNs + "stowage.build-failed"));
                    return failed.stream().anyMatch(f -> f.path("header").path("buildId").asText().equals("mixed-v2"));
                }, () -> fleet.describe() + worker.describe());
                JsonNode f = failed.stream().filter(x -> x.path("header").path("buildId").asText().equals("mixed-v2")).findFirst().orElseThrow();
                assertThat(f.path("stage").asText()).isEqualTo("layer-worker");
                assertThat(f.path("kind").asText()).isEqualTo("BAD_INPUT");
                assertThat(f.path("message").asText()).isEqualTo("LayerTask: schema v2 is newer than this worker understands (v1)");
                assertThat(records(kafka, workerNs + "stowage.layer-task.linux-amd64.dlq"))
                        .singleElement().satisfies(d -> assertThat(d.path("header").path("schemaVersion").asInt()).isEqualTo(2));
                assertThat(failed).noneMatch(x -> x.path("header").path("buildId").asText().equals(buildId));
            } finally {
                worker.sigterm();
                worker.awaitExit(Duration.ofSeconds(30));
            }
        }
    }

    /** Every record now in {@code topic}, as JSON. */
    private static List<JsonNode> records(String kafka, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            var parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            var end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    try {
                        out.add(Json.reader().readTree(r.value()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Between the newer planner's namespace and the older worker's: layer tasks go to the worker
     * with fields it does not know (and, once, a copy as schema v2 of another build); what the
     * worker emits comes back.
     */
    static final class Relay implements AutoCloseable {
        final List<JsonNode> tasks = new CopyOnWriteArrayList<>();
        private final String from;
        private final String to;
        private final KafkaConsumer<String, byte[]> consumer;
        private final KafkaProducer<String, byte[]> producer;
        private final Admin admin;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread = new Thread(this::run, "relay");

        Relay(String kafka, String from, String to) {
            this.from = from;
            this.to = to;
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, from + "relay");
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
            consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
            Properties a = new Properties();
            a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
            admin = Admin.create(a);
        }

        void start() {
            consumer.subscribe(Pattern.compile(Pattern.quote(from) + "stowage\\.layer-task\\.[a-z0-9-]+|"
                    + Pattern.quote(to) + "stowage\\.(layer-built|build-failed)"));
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            boolean injected = false;
            try {
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.topic().startsWith(to)) {
                            send(from + r.topic().substring(to.length()), r.key(), r.value());
                            continue;
                        }
                        String topic = to + r.topic().substring(from.length());
                        ObjectNode task = (ObjectNode) Json.reader().readTree(r.value());
                        task.put("encoderThreads", 4);
                        ((ObjectNode) task.get("header")).put("traceId", "00-4bf92f3577b34da6-01");
                        tasks.add(task);
                        if (!injected) {
                            ObjectNode v2 = task.deepCopy();
                            ((ObjectNode) v2.get("header")).put("schemaVersion", 2).put("buildId", "mixed-v2");
                            send(topic, r.key(), Json.writer().writeValueAsBytes(v2));
                            injected = true;
                        }
                        send(topic, r.key(), Json.writer().writeValueAsBytes(task));
                    }
                    consumer.commitSync();
                }
            } catch (WakeupException stopping) {
                // closed
            } catch (Exception e) {
                failure.set(e);
            }
        }

        private void send(String topic, String key, byte[] value) throws Exception {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(4), Optional.empty()))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
            }
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            consumer.wakeup();
            thread.join(10_000);
            consumer.close();
            producer.close();
            admin.close();
            if (failure.get() != null) throw new AssertionError("the relay failed", failure.get());
        }
    }
}
