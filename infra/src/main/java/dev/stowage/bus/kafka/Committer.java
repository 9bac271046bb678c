package dev.stowage.bus.kafka;

import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * How a {@link ConsumerLoop} acknowledges a handled record: publishes what the handler emitted and
 * commits the record's offset. All methods run on the loop's thread.
 */
interface Committer extends AutoCloseable {

    /**
     * Publishes {@code out} and marks {@code record} consumed. Returns false when nothing was
     * published and the record must be delivered again (the caller rewinds its partition).
     * Throws only on a failure this member cannot recover from.
     */
    boolean commit(ConsumerRecord<String, byte[]> record, List<Outgoing> out);

    /** Called before each poll: retries offset commits that could not be made yet. */
    void flush();

    /** From the rebalance listener: these partitions go to another member; commit what was handled. */
    void revoked(Collection<TopicPartition> partitions);

    /** From the rebalance listener: these partitions are already another member's; forget them. */
    void lost(Collection<TopicPartition> partitions);

    @Override
    void close();
}
