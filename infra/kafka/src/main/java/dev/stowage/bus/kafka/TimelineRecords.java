package dev.stowage.bus.kafka;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.AuditEntry;
import dev.stowage.event.EventCodec;
import dev.stowage.event.Topics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Which topics hold a namespace's timeline ({@code <namespace>stowage.*}, dead letters excepted) and
 * how a record of them becomes an entry: claim checks read back from the blob store, records that
 * are not events skipped. Shared by {@link TopicTimelineReader} and {@link TopicFollower}.
 */
final class TimelineRecords {
    private final String namespace;
    private final ClaimCheck claimChecks;

    /** @param claimChecks the services' blob store, or null (then claim-checked records are skipped) */
    TimelineRecords(String namespace, BlobStore claimChecks) {
        this.namespace = namespace;
        this.claimChecks = ClaimCheck.forReading(claimChecks);
    }

    /** The timeline's partitions among the cluster's topics. */
    List<TopicPartition> partitions(Map<String, List<PartitionInfo>> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        topics.forEach((topic, infos) -> {
            if (topic.startsWith(namespace + Topics.PREFIX) && !topic.endsWith(Topics.DLQ_SUFFIX)) {
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
        });
        return partitions;
    }

    /** The record as an entry (its topic without the namespace), or null when it is no event. */
    AuditEntry decode(ConsumerRecord<String, byte[]> r) {
        try {
            byte[] value = claimChecks.incoming(r.value(), r.headers()); // throws for a claim check without a blob store: skipped
            return new AuditEntry(r.topic().substring(namespace.length()), r.key(), EventCodec.decode(value));
        } catch (IOException | RuntimeException notAnEvent) {
            return null;
        }
    }
}
