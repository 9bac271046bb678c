package dev.stowage.bus;

import dev.stowage.event.EventCodec;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The embedded bus: Kafka's semantics in one process. Topics are split into partitions by the
 * hash of the key; each consumer group keeps committed offsets per partition; each partition is
 * consumed by at most one member of a group at a time, in order. Messages travel as encoded
 * bytes, so handlers see exactly what a Kafka consumer would. Every message is appended to the
 * audit log.
 */
public final class InProcessEventBus implements EventBus {
    private final int partitions;
    private final AuditLog audit;
    private final RetryPolicy retry;
    private final RetryListener retries;
    private final Clock clock;
    private final String producer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, List<List<Message>>> topics = new HashMap<>();
    private final Map<String, InProcessGroup> groups = new HashMap<>();
    private final List<InProcessSubscription> subscriptions = new ArrayList<>();

    /** One stored message. */
    record Message(String topic, int partition, long offset, String key, byte[] value) {}

    public InProcessEventBus(int partitions, AuditLog audit, RetryPolicy retry, Clock clock, String producer) {
        this(partitions, audit, retry, clock, producer, RetryListener.none());
    }

    /** As above; {@code retries} hears of every retry before its backoff. */
    public InProcessEventBus(int partitions, AuditLog audit, RetryPolicy retry, Clock clock, String producer, RetryListener retries) {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1");
        this.partitions = partitions;
        this.audit = audit;
        this.retry = retry;
        this.clock = clock;
        this.producer = producer;
        this.retries = retries;
    }

    public static InProcessEventBus withAuditLog(AuditLog audit) {
        return new InProcessEventBus(8, audit, RetryPolicy.defaults(), Clock.systemUTC(), "stowage-embedded");
    }

    @Override
    public void publish(StowageEvent event) {
        publishRaw(Topics.of(event), event.partitionKey(), EventCodec.encode(event));
    }

    @Override
    public void publishRaw(String topic, String key, byte[] value) {
        int partition = Math.floorMod(key.hashCode(), partitions);
        lock.lock();
        try {
            List<Message> log = partitionsOf(topic).get(partition);
            log.add(new Message(topic, partition, log.size(), key, value.clone()));
            audit.append(topic, key, value);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private List<List<Message>> partitionsOf(String topic) {
        return topics.computeIfAbsent(topic, t -> {
            List<List<Message>> ps = new ArrayList<>(partitions);
            for (int i = 0; i < partitions; i++) ps.add(new ArrayList<>());
            return ps;
        });
    }

    @Override
    public Subscription subscribe(String group, Pattern pattern, int concurrency, EventHandler handler) {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1");
        lock.lock();
        try {
            InProcessGroup g = groups.computeIfAbsent(group, InProcessGroup::new);
            InProcessSubscription sub = new InProcessSubscription(this, g, pattern, concurrency, handler);
            subscriptions.add(sub);
            sub.start();
            return sub;
        } finally {
            lock.unlock();
        }
    }

    /** Number of messages in a topic (all partitions); for tests and tools. */
    public int size(String topic) {
        lock.lock();
        try {
            List<List<Message>> ps = topics.get(topic);
            return ps == null ? 0 : ps.stream().mapToInt(List::size).sum();
        } finally {
            lock.unlock();
        }
    }

    // ---- used by the consumer threads, all under the lock ----

    ReentrantLock lock() {
        return lock;
    }

    /** Next message for {@code member} of {@code group}, or null; marks its partition in flight. */
    Message claim(InProcessGroup group, Pattern pattern, InProcessSubscription.Member member) {
        List<String> names = topics.keySet().stream().filter(t -> pattern.matcher(t).matches()).sorted().toList();
        List<InProcessGroup.TopicPartition> assigned = new ArrayList<>();
        for (String t : names) {
            for (int p = 0; p < partitions; p++) {
                InProcessGroup.TopicPartition tp = new InProcessGroup.TopicPartition(t, p);
                if (group.isAssignedTo(tp, member)) assigned.add(tp);
            }
        }
        int n = assigned.size();
        for (int i = 0; i < n; i++) {
            InProcessGroup.TopicPartition tp = assigned.get((member.cursor + i) % n);
            if (group.inFlight(tp)) continue;
            long offset = group.committed(tp);
            List<Message> log = topics.get(tp.topic()).get(tp.partition());
            if (offset < log.size()) {
                member.cursor = (member.cursor + i + 1) % n;
                group.markInFlight(tp);
                return log.get((int) offset);
            }
        }
        return null;
    }

    void awaitChange(long millis) throws InterruptedException {
        changed.await(millis, TimeUnit.MILLISECONDS);
    }

    void signalChange() {
        changed.signalAll();
    }

    RetryListener retries() {
        return retries;
    }

    RetryPolicy retry() {
        return retry;
    }

    Clock clock() {
        return clock;
    }

    String producer() {
        return producer;
    }

    void removed(InProcessSubscription sub) {
        lock.lock();
        try {
            subscriptions.remove(sub);
        } finally {
            lock.unlock();
        }
    }

    /** Closes every subscription, then the audit log; a consumer thread's failure is rethrown here. */
    @Override
    public void close() {
        List<InProcessSubscription> open;
        lock.lock();
        try {
            open = new ArrayList<>(subscriptions);
        } finally {
            lock.unlock();
        }
        RuntimeException failure = null;
        for (InProcessSubscription s : open) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e; else failure.addSuppressed(e);
            }
        }
        audit.close();
        if (failure != null) throw failure;
    }
}
