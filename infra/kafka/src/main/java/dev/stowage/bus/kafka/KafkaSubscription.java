package dev.stowage.bus.kafka;

import dev.stowage.bus.EventHandler;
import dev.stowage.bus.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code concurrency} members of one consumer group, each a {@link ConsumerLoop} on its own thread.
 * {@link #close()} stops them, waits for them, and rethrows what ended any of them early.
 */
final class KafkaSubscription implements Subscription {
    private final KafkaEventBus bus;
    private final String group;
    private final List<ConsumerLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    KafkaSubscription(KafkaEventBus bus, String group, Pattern topics, int concurrency, EventHandler handler) {
        this.bus = bus;
        this.group = group;
        for (int i = 0; i < concurrency; i++) {
            ConsumerLoop loop = new ConsumerLoop(bus, group, topics, handler, i);
            loops.add(loop);
            Thread t = new Thread(loop, "kafka-" + group + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    @Override
    public Optional<Throwable> failure() {
        return loops.stream().map(ConsumerLoop::failure).filter(Objects::nonNull).findFirst();
    }

    @Override
    public void close() {
        loops.forEach(ConsumerLoop::stop);
        for (Thread t : threads) {
            try {
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        bus.removed(this);
        IllegalStateException failure = null;
        for (ConsumerLoop loop : loops) {
            if (loop.failure() == null) continue;
            if (failure == null) failure = new IllegalStateException("a consumer of group " + group + " failed: " + loop.failure(), loop.failure());
            else failure.addSuppressed(loop.failure());
        }
        if (failure != null) throw failure;
    }
}
