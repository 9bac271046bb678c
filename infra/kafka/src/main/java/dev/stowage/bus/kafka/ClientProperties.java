package dev.stowage.bus.kafka;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Every Kafka client setting Stowage uses, in one place: the bus's producers, consumers and admin
 * client, and the plain clients of the readers around it (the topic reader, the fleet catalog, the
 * broker probe).
 */
public final class ClientProperties {
    /**
     * Longest a transaction may stay open: it only spans sending a handler's output, never the
     * handler, but a planner's output may be a thousand records on a loaded machine.
     */
    static final int TRANSACTION_TIMEOUT_MS = 60_000;

    private ClientProperties() {}

    static Properties admin(KafkaBusConfig config) {
        return admin(config.bootstrapServers(), config.clientId() + "-admin");
    }

    /** An admin client of {@code clientId}. */
    public static Properties admin(String bootstrapServers, String clientId) {
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        a.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return a;
    }

    /** An admin client whose every call gives up after {@code timeout} (a health probe must answer quickly). */
    static Properties probe(String bootstrapServers, String clientId, Duration timeout) {
        Properties a = admin(bootstrapServers, clientId);
        a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return a;
    }

    /** A consumer in no group that commits nothing and sees only committed records: for reading topics from the start. */
    public static Properties reader(String bootstrapServers, String clientId) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return c;
    }

    /** A {@link #reader} that takes up to 2000 records per poll: for reading every topic from the start in one go. */
    static Properties timelineReader(String bootstrapServers, String clientId) {
        Properties c = reader(bootstrapServers, clientId);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return c;
    }

    /** An idempotent, {@code acks=all} producer outside any transaction, for records up to {@code maxRecordBytes}. */
    public static Properties writer(String bootstrapServers, String clientId, int maxRecordBytes) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes);
        return p;
    }

    /** Idempotent, {@code acks=all}; transactional when {@code transactionalId} is not null. */
    static Properties producer(KafkaBusConfig config, String clientId, String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1_048_576, config.claimCheckThreshold() + 65_536));
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
            // A send still retried after its transaction timed out would meet a fenced producer:
            // give up on it (and abort, and handle the record again) no later than that.
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, TRANSACTION_TIMEOUT_MS);
            // One produce request in flight: with more, a first batch to a just-created partition
            // answered NOT_LEADER_OR_FOLLOWER left the batches behind it answered
            // OUT_OF_ORDER_SEQUENCE_NUMBER, retried without end until the transaction timed out
            // (KafkaLargeTransactionTest). Batching still groups what queues up meanwhile.
            p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            // A transaction's markers are written just after commitTransaction returns; the next
            // transaction's first request meets CONCURRENT_TRANSACTIONS until then and is retried
            // after this backoff (default 100 ms, which would add ~100 ms per handled record).
            p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
        }
        return p;
    }

    /**
     * Auto-commit off, earliest offset for a new group, always {@code read_committed} (a topic may
     * be written by another process's transactional stage; with no open transaction it costs
     * nothing), metadata refreshed every second so topics created later join a pattern
     * subscription quickly, the config's session timeout with heartbeats every third of it.
     */
    static Properties consumer(KafkaBusConfig config, String group, String clientId) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        int session = (int) config.sessionTimeout().toMillis();
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session);
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(1, session / 3));
        return c;
    }
}
