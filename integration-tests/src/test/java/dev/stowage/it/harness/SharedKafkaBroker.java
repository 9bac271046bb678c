package dev.stowage.it.harness;

import dev.stowage.testsupport.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link KafkaBroker} for every test class of the run that registers this extension
 * ({@code @RegisterExtension static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();}),
 * stopped when the run ends. Tests keep apart by namespace ({@link #freshNamespace()}). Tests that
 * stop or kill a broker start their own {@link KafkaBroker} instead.
 */
public final class SharedKafkaBroker implements BeforeAllCallback {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(SharedKafkaBroker.class);
    private KafkaBroker broker;

    /** Holds the broker in JUnit's root store, which closes it at the end of the run. */
    private record Running(KafkaBroker broker, Path dir) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Throwable {
            broker.close();
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = context.getRoot().getStore(STORE).getOrComputeIfAbsent("broker", k -> start(), Running.class).broker();
    }

    private static Running start() {
        try {
            Path dir = Files.createTempDirectory("stowage-kafka-");
            return new Running(new KafkaBroker(dir), dir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the shared Kafka broker: " + e.getMessage(), e);
        }
    }

    public KafkaBroker broker() {
        return broker;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** A new topic and group prefix, e.g. {@code t3f9a1c2e.}. */
    public static String freshNamespace() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    /**
     * Number of committed records in {@code topic} on {@code bootstrapServers} (0 when the topic does
     * not exist), counted by reading it with {@code read_committed}: end offsets would also count
     * transaction markers and aborted records.
     */
    public static long size(String bootstrapServers, String topic) {
        return count(bootstrapServers, topic, "read_committed");
    }

    /** Number of records in {@code topic}, aborted ones included (transaction markers are not counted). */
    public static long sizeWithAborted(String bootstrapServers, String topic) {
        return count(bootstrapServers, topic, "read_uncommitted");
    }

    private static long count(String bootstrapServers, String topic, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) return 0;
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts, Duration.ofSeconds(30));
            long[] count = {0};
            Await.until(Duration.ofSeconds(60), topic + " read to its end", () -> {
                if (parts.stream().noneMatch(tp -> c.position(tp) < ends.get(tp))) return true;
                count[0] += c.poll(Duration.ofMillis(200)).count();
                return false;
            });
            return count[0];
        } catch (UnknownTopicOrPartitionException e) {
            return 0;
        }
    }
}
