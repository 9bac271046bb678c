package dev.stowage.bus.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Send, wait for the acknowledgements, then commit the offset: at least once. The offset is sent
 * with {@code commitAsync} (the next record need not wait for the group coordinator's answer) and
 * stays pending until {@code commitSync} settles it before the next poll, when its partition is
 * revoked, or on close; one that cannot be committed yet (rebalance in progress, broker away)
 * stays pending. If the partition was lost meanwhile, or the process dies before the commit
 * landed, the record is delivered again (handlers are idempotent): the output is always
 * acknowledged before its offset is committed.
 */
final class AtLeastOnceCommitter implements Committer {
    private static final Logger LOG = LoggerFactory.getLogger(AtLeastOnceCommitter.class);
    private final KafkaEventBus bus;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();

    AtLeastOnceCommitter(KafkaEventBus bus, KafkaConsumer<String, byte[]> consumer) {
        this.bus = bus;
        this.consumer = consumer;
    }

    @Override
    public RuntimeException commit(ConsumerRecord<String, byte[]> record, List<Outgoing> out) {
        try {
            bus.sendAll(out);
        } catch (RuntimeException e) {
            LOG.warn("cannot publish the output of {}-{}@{}; it will be handled again: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
            return Committer.classify(e);
        }
        pending.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        consumer.commitAsync(Map.copyOf(pending), (offsets, e) -> {
            if (e != null) LOG.debug("an asynchronous offset commit failed; settled before the next poll: {}", e.toString());
        });
        return null;
    }

    @Override
    public void flush() {
        if (pending.isEmpty()) return;
        try {
            consumer.commitSync(pending);
            pending.clear();
        } catch (RebalanceInProgressException | RetriableException e) {
            LOG.debug("offsets stay pending: {}", e.toString());
        } catch (CommitFailedException e) {
            LOG.warn("this member left the group; its partitions' last records will be handled again: {}", e.getMessage());
            pending.clear();
        }
    }

    @Override
    public void revoked(Collection<TopicPartition> partitions) {
        flush();
        pending.keySet().removeAll(partitions);
    }

    @Override
    public void lost(Collection<TopicPartition> partitions) {
        pending.keySet().removeAll(partitions);
    }

    @Override
    public void close() {
        flush();
    }
}
