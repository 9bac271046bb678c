package dev.stowage.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Whether the broker answers (a cluster description within a few seconds); the answer is kept for a while. */
final class BrokerProbe implements AutoCloseable {
    private static final Duration KEEP = Duration.ofSeconds(5);
    private final Admin admin;
    private Instant checkedAt = Instant.EPOCH;
    private boolean reachable;

    BrokerProbe(KafkaAddress kafka) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.toString());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "stowage-probe-" + ProcessHandle.current().pid());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        this.admin = Admin.create(p);
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
