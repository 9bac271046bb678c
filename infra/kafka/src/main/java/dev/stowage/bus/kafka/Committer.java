package dev.stowage.bus.kafka;

import dev.stowage.error.TransientException;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * How a {@link ConsumerLoop} acknowledges a handled record: publishes what the handler emitted and
 * commits the record's offset. All methods run on the loop's thread.
 */
interface Committer extends AutoCloseable {

    /**
     * Publishes {@code out} and marks {@code record} consumed. Returns null on success; otherwise
     * nothing counts as published, the record must be delivered again, and the returned failure
     * says whether that may help ({@link #classify}). Throws only on a failure this member cannot
     * recover from (e.g. a fenced transactional producer).
     */
    RuntimeException commit(ConsumerRecord<String, byte[]> record, List<Outgoing> out);

    /** Called before each poll: retries offset commits that could not be made yet. */
    void flush();

    /** From the rebalance listener: these partitions go to another member; commit what was handled. */
    void revoked(Collection<TopicPartition> partitions);

    /** From the rebalance listener: these partitions are already another member's; forget them. */
    void lost(Collection<TopicPartition> partitions);

    @Override
    void close();

    /**
     * A failure to publish: a {@link TransientException} when Kafka calls its cause retriable
     * (broker away, timeouts) or the claim-check store failed with an I/O error.
     */
    static RuntimeException classify(RuntimeException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RetriableException || t instanceof IOException) return new TransientException("cannot publish to Kafka: " + t.getMessage(), failure);
        }
        return failure;
    }
}
