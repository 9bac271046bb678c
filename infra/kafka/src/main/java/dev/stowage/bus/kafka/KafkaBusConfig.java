package dev.stowage.bus.kafka;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.RetryPolicy;
import java.time.Duration;

/**
 * How a {@link KafkaEventBus} reaches its broker.
 *
 * @param bootstrapServers {@code host:port[,host:port]}
 * @param clientId names this process in the broker's logs and in transactional ids: keep it stable
 *     across restarts of one instance (e.g. a pod name) so a restarted instance fences its zombie
 * @param namespace prefixed to every topic and group name ({@code ""} for none), so several
 *     deployments (or tests) can share one cluster without seeing each other
 * @param partitions partition count of topics this bus creates
 * @param claimCheckThreshold values larger than this many bytes travel through {@code claimChecks}
 * @param claimChecks may be null: then large values are sent as they are (the broker's limit applies)
 * @param retry what a consumer does when a handler fails
 * @param transactional consume-and-produce as one Kafka transaction per handled record (emitted
 *     events and the offset commit are atomic); otherwise emitted events are sent and
 *     acknowledged, then the offset committed (at least once). Consumers read committed either
 *     way. Meant on for the planner and the assembler, off for layer workers (docs/kafka-bus.md)
 * @param sessionTimeout how long the group waits for a silent member (e.g. killed with
 *     {@code kill -9}) before giving its partitions to the others; heartbeats go every third of it.
 *     The broker accepts 6 s to 30 min by default ({@code group.min/max.session.timeout.ms})
 * @param replication replication factor and {@code min.insync.replicas} of topics this bus creates
 *     ({@link Replication#FROM_CLUSTER}: derived from the broker count)
 */
public record KafkaBusConfig(String bootstrapServers, String clientId, String namespace, int partitions, int claimCheckThreshold,
        BlobStore claimChecks, RetryPolicy retry, boolean transactional, Duration sessionTimeout,
        Replication replication) {

    public static final int DEFAULT_CLAIM_CHECK_THRESHOLD = 900 * 1024;
    /** Shorter than Kafka's 45 s default, so a killed member's work moves on sooner. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);

    public KafkaBusConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) throw new IllegalArgumentException("bootstrap servers required");
        if (clientId == null || !clientId.matches("[A-Za-z0-9._@#-]+")) throw new IllegalArgumentException("bad client id: " + clientId);
        if (namespace == null || !namespace.matches("[A-Za-z0-9._-]*")) throw new IllegalArgumentException("bad namespace: " + namespace);
        if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1");
        if (claimCheckThreshold < 1) throw new IllegalArgumentException("claim-check threshold must be >= 1");
        if (retry == null) throw new IllegalArgumentException("retry policy required");
        if (sessionTimeout == null || sessionTimeout.toMillis() < 3) throw new IllegalArgumentException("session timeout must be at least 3 ms: " + sessionTimeout);
        if (replication == null) throw new IllegalArgumentException("replication settings required");
    }

    /** 8 partitions, no namespace, 900 KiB claim-check threshold, default retries, transactional, 10 s session timeout, replication from the cluster. */
    public static KafkaBusConfig of(String bootstrapServers, String clientId, BlobStore claimChecks) {
        return new KafkaBusConfig(bootstrapServers, clientId, "", 8, DEFAULT_CLAIM_CHECK_THRESHOLD, claimChecks, RetryPolicy.defaults(), true, DEFAULT_SESSION_TIMEOUT,
                Replication.FROM_CLUSTER);
    }

    public KafkaBusConfig withNamespace(String ns) {
        return new KafkaBusConfig(bootstrapServers, clientId, ns, partitions, claimCheckThreshold, claimChecks, retry, transactional, sessionTimeout, replication);
    }

    public KafkaBusConfig withPartitions(int n) {
        return new KafkaBusConfig(bootstrapServers, clientId, namespace, n, claimCheckThreshold, claimChecks, retry, transactional, sessionTimeout, replication);
    }

    public KafkaBusConfig withClaimCheckThreshold(int bytes) {
        return new KafkaBusConfig(bootstrapServers, clientId, namespace, partitions, bytes, claimChecks, retry, transactional, sessionTimeout, replication);
    }

    public KafkaBusConfig withRetry(RetryPolicy policy) {
        return new KafkaBusConfig(bootstrapServers, clientId, namespace, partitions, claimCheckThreshold, claimChecks, policy, transactional, sessionTimeout, replication);
    }

    public KafkaBusConfig withTransactional(boolean on) {
        return new KafkaBusConfig(bootstrapServers, clientId, namespace, partitions, claimCheckThreshold, claimChecks, retry, on, sessionTimeout, replication);
    }

    public KafkaBusConfig withSessionTimeout(Duration timeout) {
        return new KafkaBusConfig(bootstrapServers, clientId, namespace, partitions, claimCheckThreshold, claimChecks, retry, transactional, timeout, replication);
    }

    public KafkaBusConfig withReplication(Replication r) {
        return new KafkaBusConfig(bootstrapServers, clientId, namespace, partitions, claimCheckThreshold, claimChecks, retry, transactional, sessionTimeout, r);
    }
}
