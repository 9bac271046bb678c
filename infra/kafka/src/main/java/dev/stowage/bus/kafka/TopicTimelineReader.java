package dev.stowage.bus.kafka;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.AuditEntry;
import dev.stowage.error.TransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every event on the {@code <namespace>stowage.*} topics (dead-letter topics excepted), read from the beginning
 * up to the end offsets seen at the start, by a consumer in no group that commits nothing.
 * Claim-checked records are read back from the blob store; records that are not events are skipped.
 */
public final class TopicTimelineReader {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private final String kafka;
    private final TimelineRecords records;

    /**
     * @param bootstrapServers the cluster, {@code HOST:PORT[,…]}
     * @param claimChecks the services' blob store, or null (then claim-checked records are skipped)
     */
    public TopicTimelineReader(String bootstrapServers, String namespace, BlobStore claimChecks) {
        this.kafka = bootstrapServers;
        this.records = new TimelineRecords(namespace, claimChecks);
    }

    public List<AuditEntry> readAll() {
        Properties c = ClientProperties.timelineReader(kafka, "stowage-audit-" + ProcessHandle.current().pid());
        Instant deadline = Instant.now().plus(DEADLINE);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = records.partitions(consumer.listTopics(Duration.ofSeconds(30)));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<AuditEntry> entries = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (Instant.now().isAfter(deadline)) throw new TransientException("reading the topics of " + kafka + " took longer than " + DEADLINE.toSeconds() + " s", null);
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    AuditEntry e = records.decode(r);
                    if (e != null) entries.add(e);
                }
            }
            return entries;
        }
    }
}
