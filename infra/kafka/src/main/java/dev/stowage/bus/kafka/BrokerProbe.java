package dev.stowage.bus.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * Whether the Kafka cluster answers (a cluster description within a few seconds), for readiness
 * checks; the answer is kept for a few seconds so frequent checks do not load the cluster.
 */
public final class BrokerProbe implements AutoCloseable {
    private static final Duration KEEP = Duration.ofSeconds(5);
    private final Admin admin;
    private Instant checkedAt = Instant.EPOCH;
    private boolean reachable;

    /** @param bootstrapServers {@code host:port[,host:port…]} */
    public BrokerProbe(String bootstrapServers) {
        this.admin = Admin.create(ClientProperties.probe(bootstrapServers, "stowage-probe-" + ProcessHandle.current().pid(), Duration.ofSeconds(3)));
    }

    public synchronized boolean reachable() {
        Instant now = Instant.now();
        if (now.isBefore(checkedAt.plus(KEEP))) return reachable;
        try {
            reachable = !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            reachable = false;
        }
        checkedAt = now;
        return reachable;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
