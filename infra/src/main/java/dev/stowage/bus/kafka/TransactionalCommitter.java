package dev.stowage.bus.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Map;
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
        this.producer = newProducer();
    }

    private KafkaProducer<String, byte[]> newProducer() {
        KafkaProducer<String, byte[]> p = new KafkaProducer<>(ClientProperties.producer(bus.config(), transactionalId, transactionalId),
                new StringSerializer(), new ByteArraySerializer());
        p.initTransactions();
        return p;
    }

    @Override
    public RuntimeException commit(ConsumerRecord<String, byte[]> record, List<Outgoing> out) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        try {
            producer.beginTransaction();
            for (Outgoing o : out) producer.send(bus.toRecord(o));
            producer.sendOffsetsToTransaction(Map.of(tp, new OffsetAndMetadata(record.offset() + 1)), consumer.groupMetadata());
            producer.commitTransaction();
            return null;
        } catch (RuntimeException e) {
            if (fatal(e)) throw cannotGoOn(e);
            LOG.warn("transaction for {}@{} aborted; the record will be handled again: {}", tp, record.offset(), e.toString());
            abort();
            return Committer.classify(e);
        }
    }

    /** Aborts the open transaction; a producer that cannot abort is replaced (initTransactions aborts for it). */
    private void abort() {
        try {
            producer.abortTransaction();
        } catch (KafkaException | IllegalStateException e) {
            if (fatal(e)) throw cannotGoOn(e);
            LOG.warn("cannot abort, starting a new producer for {}: {}", transactionalId, e.toString());
            producer.close(java.time.Duration.ZERO);
            producer = newProducer();
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
        producer.close();
    }
}
