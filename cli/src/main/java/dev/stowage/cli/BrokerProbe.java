package dev.stowage.cli;

import dev.stowage.bus.kafka.ClientProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/** Whether the broker answers (a cluster description within a few seconds); the answer is kept for a while. */
final class BrokerProbe implements AutoCloseable {
    private static final Duration KEEP = Duration.ofSeconds(5);
    private final Admin admin;
    private Instant checkedAt = Instant.EPOCH;
    private boolean reachable;

    BrokerProbe(KafkaAddress kafka) {
        this.admin = Admin.create(ClientProperties.probe(kafka.toString(), "stowage-probe-" + ProcessHandle.current().pid(), Duration.ofSeconds(3)));
    }

    synchronized boolean reachable() {
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
