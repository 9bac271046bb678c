package dev.stowage.bus.kafka;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * How the topics Stowage creates are replicated: {@code factor} copies of every partition, and a
 * write ({@code acks=all}) needs {@code minInsync} of them. 0 means "from the cluster": the factor
 * is {@code min(3, brokers)} (the brokers registered with the cluster, a fenced one that is down
 * included) and min ISR {@code max(1, factor - 1)}, safe on a 3-broker cluster (one broker may be
 * down) and working on one broker. Topics that already exist keep their settings.
 */
public record Replication(int factor, int minInsync) {
    public static final Replication FROM_CLUSTER = new Replication(0, 0);

    public Replication {
        if (factor < 0 || factor > Short.MAX_VALUE) throw new IllegalArgumentException("replication factor must be >= 1, got " + factor);
        if (minInsync < 0) throw new IllegalArgumentException("min.insync.replicas must be >= 1, got " + minInsync);
        if (factor > 0 && minInsync > factor) {
            throw new IllegalArgumentException("min.insync.replicas " + minInsync + " exceeds the replication factor " + factor
                    + ": no write could ever be acknowledged");
        }
    }

    /** Resolved settings for a topic: the factor and the topic configs to set. */
    public record Settings(short factor, int minInsync) {
        public Map<String, String> configs() {
            return Map.of("min.insync.replicas", Integer.toString(minInsync));
        }
    }

    /** Fills in what was left to the cluster, asking {@code admin} how many brokers it has when needed. */
    public Settings resolve(Admin admin, long timeoutMillis) {
        Settings s = resolve(factor, minInsync, factor > 0 ? factor : brokers(admin, timeoutMillis));
        if (s.minInsync() > s.factor()) {
            throw new IllegalArgumentException("min.insync.replicas " + s.minInsync() + " exceeds the replication factor " + s.factor());
        }
        return s;
    }

    static Settings resolve(int factor, int minInsync, int brokers) {
        int f = factor > 0 ? factor : Math.min(3, brokers);
        return new Settings((short) f, minInsync > 0 ? minInsync : Math.max(1, f - 1));
    }

    /**
     * Registered brokers, fenced ones included: a broker that is down (killed, restarting) is fenced
     * but still counts, so a topic created meanwhile gets the factor of the whole cluster and the
     * controller places a replica on the absent broker, which catches up when it returns. Counting
     * only live brokers gave a topic created while one of 3 brokers was down 2 replicas and min ISR
     * 1 for good ({@code KafkaClusterFailoverTest}). Brokers before Kafka 4.0 cannot list fenced
     * brokers; then the live ones are counted.
     */
    private static int brokers(Admin admin, long timeoutMillis) {
        try {
            try {
                return count(admin.describeCluster(new DescribeClusterOptions().includeFencedBrokers(true)), timeoutMillis);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnsupportedVersionException)) throw e;
                return count(admin.describeCluster(), timeoutMillis);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot count the brokers of the cluster: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot count the brokers of the cluster within " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting the brokers", e);
        }
    }

    private static int count(DescribeClusterResult cluster, long timeoutMillis) throws ExecutionException, InterruptedException, TimeoutException {
        return Math.max(1, cluster.nodes().get(timeoutMillis, TimeUnit.MILLISECONDS).size());
    }
}
