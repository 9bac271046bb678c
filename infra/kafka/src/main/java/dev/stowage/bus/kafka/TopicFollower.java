package dev.stowage.bus.kafka;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.AuditEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The timeline of {@link TopicTimelineReader}, followed: every event from the beginning and then each
 * new one as it is written, until closed; topics created later (a new platform's layer tasks) are
 * picked up within {@link #TOPIC_REFRESH}. One thread of its own, a consumer in no group that commits nothing.
 */
public final class TopicFollower implements AutoCloseable {
    static final Duration TOPIC_REFRESH = Duration.ofSeconds(5);
    private final String kafka;
    private final TimelineRecords records;
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean closed;

    /**
     * Starts following; {@code sink} gets each entry on the follower's thread.
     *
     * @param claimChecks the services' blob store, or null (then claim-checked records are skipped)
     */
    public TopicFollower(String bootstrapServers, String namespace, BlobStore claimChecks, Consumer<AuditEntry> sink) {
        this.kafka = bootstrapServers;
        this.records = new TimelineRecords(namespace, claimChecks);
        this.thread = new Thread(() -> follow(sink), "topic-follower");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(Consumer<AuditEntry> sink) {
        Properties c = ClientProperties.reader(kafka, "stowage-dashboard-" + ProcessHandle.current().pid());
        try (KafkaConsumer<String, byte[]> kc = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = kc;
            if (closed) return;
            Set<TopicPartition> assigned = new HashSet<>();
            Instant refresh = Instant.MIN;
            while (!closed) {
                if (Instant.now().isAfter(refresh)) {
                    List<TopicPartition> now = records.partitions(kc.listTopics(Duration.ofSeconds(30)));
                    if (!assigned.containsAll(now)) {
                        Set<TopicPartition> added = new HashSet<>(now);
                        added.removeAll(assigned);
                        assigned.addAll(now);
                        kc.assign(assigned);
                        kc.seekToBeginning(added);
                    }
                    refresh = Instant.now().plus(TOPIC_REFRESH);
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(200); // no timeline topic yet; close() interrupts this
                    continue;
                }
                for (ConsumerRecord<String, byte[]> r : kc.poll(Duration.ofMillis(500))) {
                    AuditEntry e = records.decode(r);
                    if (e != null) sink.accept(e);
                }
            }
        } catch (WakeupException | InterruptException | InterruptedException stopping) {
            // closed
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, byte[]> kc = consumer;
        if (kc != null) kc.wakeup();
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
