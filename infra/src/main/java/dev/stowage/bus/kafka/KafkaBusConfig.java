package dev.stowage.bus.kafka;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.RetryPolicy;

/**
 * How a {@link KafkaEventBus} reaches its broker. {@code claimChecks} may be null: then values
 * larger than the threshold are sent as they are (and the broker's size limit applies).
 */
public record KafkaBusConfig(String bootstrapServers, String clientId, int partitions, int claimCheckThreshold,
        BlobStore claimChecks, RetryPolicy retry) {

    public static final int DEFAULT_CLAIM_CHECK_THRESHOLD = 900 * 1024;

    public KafkaBusConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) throw new IllegalArgumentException("bootstrap servers required");
        if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1");
        if (claimCheckThreshold < 1) throw new IllegalArgumentException("claim-check threshold must be >= 1");
    }

    public static KafkaBusConfig of(String bootstrapServers, String clientId, BlobStore claimChecks) {
        return new KafkaBusConfig(bootstrapServers, clientId, 8, DEFAULT_CLAIM_CHECK_THRESHOLD, claimChecks, RetryPolicy.defaults());
    }
}
