package dev.stowage.bus.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handler's output and its record's offset as one Kafka transaction
 * ({@code sendOffsetsToTransaction} with the consumer's group metadata), so a reader with
 * {@code isolation.level=read_committed} sees the output exactly when the record counts as
 * consumed. One transactional producer per consumer thread, {@code transactional.id} =
 * {@code <namespace><group>.<clientId>.<member index>}: stable across restarts of one instance, so
 * a restarted member fences its zombie; a member of an older group generation is fenced by the
 * group coordinator when it tries to commit offsets.
 */
final class TransactionalCommitter implements Committer {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalCommitter.class);
    private final KafkaEventBus bus;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String transactionalId;
    private KafkaProducer<String, byte[]> producer;

    TransactionalCommitter(KafkaEventBus bus, KafkaConsumer<String, byte[]> consumer, String transactionalId) {
        this.bus = bus;
        this.consumer = consumer;
        this.transactionalId = transactionalId;
        try {
            this.producer = newProducer();
        } catch (RuntimeException e) {
            if (fatal(e)) throw cannotGoOn(e);
            LOG.warn("no transactional producer yet for {} (tried again on the first record): {}", transactionalId, e.toString());
        }
    }

    /** A producer with this member's transactional id; {@code initTransactions} ends what an earlier one left open. */
    private KafkaProducer<String, byte[]> newProducer() {
        KafkaProducer<String, byte[]> p = new KafkaProducer<>(ClientProperties.producer(bus.config(), transactionalId, transactionalId),
                new StringSerializer(), new ByteArraySerializer());
        try {
            p.initTransactions();
            return p;
        } catch (RuntimeException e) {
            p.close(Duration.ZERO);
            throw e;
        }
    }

    @Override
    public RuntimeException commit(ConsumerRecord<String, byte[]> record, List<Outgoing> out) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        try {
            if (producer == null) producer = newProducer();
            producer.beginTransaction();
            for (Outgoing o : out) producer.send(bus.toRecord(o));
            producer.sendOffsetsToTransaction(Map.of(tp, new OffsetAndMetadata(record.offset() + 1)), consumer.groupMetadata());
            producer.commitTransaction();
            return null;
        } catch (RuntimeException e) {
            if (fatal(e)) throw cannotGoOn(e);
            if (!abort() && committedPast(tp, record.offset())) {
                LOG.info("transaction for {}@{} failed on the client but was committed: {}", tp, record.offset(), e.toString());
                return null;
            }
            LOG.warn("transaction for {}@{} aborted; the record will be handled again: {}", tp, record.offset(), e.toString());
            return Committer.classify(e);
        }
    }

    /**
     * Aborts the open transaction. Returns false when the producer could not abort (e.g. a commit
     * timed out and its outcome is unknown): it is dropped, and the next one's
     * {@code initTransactions} completes or aborts what it left.
     */
    private boolean abort() {
        if (producer == null) return true;
        try {
            producer.abortTransaction();
            return true;
        } catch (KafkaException | IllegalStateException e) {
            if (fatal(e)) throw cannotGoOn(e);
            LOG.warn("cannot abort, replacing the producer of {}: {}", transactionalId, e.toString());
            producer.close(Duration.ZERO);
            producer = null;
            return false;
        }
    }

    /**
     * Whether the group's committed offset is already past {@code offset}: the transaction whose
     * outcome the client did not learn was committed. The new producer's {@code initTransactions}
     * settles it first; the offset fetch waits for settled (stable) offsets.
     */
    private boolean committedPast(TopicPartition tp, long offset) {
        try {
            producer = newProducer();
            OffsetAndMetadata c = consumer.committed(Set.of(tp), Duration.ofSeconds(30)).get(tp);
            return c != null && c.offset() > offset;
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            if (fatal(e)) throw cannotGoOn(e);
            LOG.warn("cannot learn whether {}@{} was committed; handling it again: {}", tp, offset, e.toString());
            return false;
        }
    }

    /** Failures no retry of this producer can fix: another instance took its transactional id, or the broker refuses it. */
    private static boolean fatal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof OutOfOrderSequenceException || t instanceof AuthorizationException
                    || t instanceof UnsupportedVersionException) {
                return true;
            }
        }
        return false;
    }

    private IllegalStateException cannotGoOn(Throwable e) {
        return new IllegalStateException("transactional producer " + transactionalId + " cannot go on"
                + " (is another instance running with the same client id?): " + e, e);
    }

    @Override
    public void flush() {}

    @Override
    public void revoked(Collection<TopicPartition> partitions) {}

    @Override
    public void lost(Collection<TopicPartition> partitions) {}

    @Override
    public void close() {
        if (producer != null) producer.close();
    }
}
