package dev.stowage.bus.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics a bus writes to, once per bus, and returns only when every partition has a
 * leader. Sending to a topic created a moment before meets {@code NOT_LEADER_OR_FOLLOWER}; a
 * transaction of many records then went on to endless {@code OUT_OF_ORDER_SEQUENCE_NUMBER}
 * retries until the transaction timed out and the producer was fenced
 * ({@code KafkaLargeTransactionTest}).
 */
final class TopicCreator {
    /** How long a new topic may take to get a leader on every partition. */
    static final Duration LEADERS_DEADLINE = Duration.ofSeconds(30);
    private final Admin admin;
    private final int partitions;
    private final Replication replication;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private volatile Replication.Settings settings;

    TopicCreator(Admin admin, int partitions, Replication replication) {
        this.admin = admin;
        this.partitions = partitions;
        this.replication = replication;
    }

    /**
     * Creates {@code topic} (the configured partition count, replication factor and
     * {@code min.insync.replicas}) unless it exists, then waits for its leaders.
     */
    void ensure(String topic) {
        if (ready.contains(topic)) return;
        try {
            Replication.Settings s = settings();
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.of(s.factor())).configs(s.configs()))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topic, e);
        }
        awaitLeaders(topic);
        ready.add(topic);
    }

    /** Resolved once per bus: the broker count is read when the first topic is created. */
    private Replication.Settings settings() {
        Replication.Settings s = settings;
        if (s == null) settings = s = replication.resolve(admin, LEADERS_DEADLINE.toMillis());
        return s;
    }

    private void awaitLeaders(String topic) {
        Instant deadline = Instant.now().plus(LEADERS_DEADLINE);
        String state = "not described yet";
        while (true) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                List<TopicPartitionInfo> leaderless = d.partitions().stream().filter(p -> p.leader() == null || p.leader().isEmpty()).toList();
                if (leaderless.isEmpty()) return;
                state = leaderless.size() + " of " + d.partitions().size() + " partitions without a leader";
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
                }
                state = e.getCause().toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the leaders of " + topic, e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("topic " + topic + " has no leader on every partition after "
                        + LEADERS_DEADLINE.toSeconds() + " s: " + state);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the leaders of " + topic, e);
            }
        }
    }
}
