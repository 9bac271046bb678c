package dev.stowage.bus;

import dev.stowage.event.EventCodec;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The consumer threads of one {@link InProcessEventBus#subscribe} call. */
final class InProcessSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessSubscription.class);

    private final InProcessEventBus bus;
    private final InProcessGroup group;
    private final Pattern pattern;
    private final EventHandler handler;
    private final List<Member> members = new ArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Throwable failure;

    /** One consumer thread. {@code cursor} spreads its attention over its partitions. */
    final class Member implements Runnable {
        int cursor;
        final Thread thread;

        Member(int index) {
            thread = new Thread(this, "bus-" + group.name() + "-" + index);
            thread.setDaemon(true);
        }

        /** Consumes until stopped; a throwable escaping a handler ends this member: it is kept, the member leaves the group. */
        @Override
        public void run() {
            try {
                consume();
            } catch (RuntimeException | Error e) {
                if (failure == null) failure = e;
                LOG.error("consumer {} of group {} stopped: {}", thread.getName(), group.name(), e.toString(), e);
                bus.lock().lock();
                try {
                    group.leave(this);
                    bus.signalChange();
                } finally {
                    bus.lock().unlock();
                }
            }
        }

        private void consume() {
            while (running) {
                InProcessEventBus.Message m;
                bus.lock().lock();
                try {
                    m = bus.claim(group, pattern, this);
                    if (m == null) {
                        if (!running) return; // closed while this member waited for the lock: close's signal came first
                        try {
                            bus.awaitChange(200);
                        } catch (InterruptedException e) {
                            return;
                        }
                        continue;
                    }
                } finally {
                    bus.lock().unlock();
                }
                Long next = null;
                try {
                    next = deliver(m) ? m.offset() + 1 : null;
                } finally {
                    bus.lock().lock();
                    try {
                        group.release(new InProcessGroup.TopicPartition(m.topic(), m.partition()), next);
                        bus.signalChange();
                    } finally {
                        bus.lock().unlock();
                    }
                }
            }
        }
    }

    InProcessSubscription(InProcessEventBus bus, InProcessGroup group, Pattern pattern, int concurrency, EventHandler handler) {
        this.bus = bus;
        this.group = group;
        this.pattern = pattern;
        this.handler = handler;
        for (int i = 0; i < concurrency; i++) members.add(new Member(i));
    }

    void start() {
        for (Member m : members) {
            group.join(m);
            m.thread.start();
        }
    }

    /** Runs the handler until it succeeds or the message is dead-lettered; false if stopped first. */
    private boolean deliver(InProcessEventBus.Message m) {
        StowageEvent event;
        try {
            event = EventCodec.decode(m.value());
        } catch (IOException | RuntimeException e) {
            deadLetter(m, null, e);
            return true;
        }
        Instant firstFailure = null;
        for (int attempt = 1; running; attempt++) {
            List<StowageEvent> out = new ArrayList<>();
            try {
                handler.handle(event, out::add);
                out.forEach(bus::publish);
                return true;
            } catch (Exception | AssertionError e) {
                if (firstFailure == null) firstFailure = bus.clock().instant();
                Duration since = Duration.between(firstFailure, bus.clock().instant());
                if (bus.retry().decide(e, attempt, since) == RetryPolicy.Decision.DEAD_LETTER) {
                    deadLetter(m, event, e);
                    return true;
                }
                LOG.debug("{} failed on {} (attempt {}), retrying: {}", group.name(), event.type(), attempt, e.toString());
                Duration backoff = bus.retry().backoff(attempt);
                bus.retries().retrying(group.name(), event, e, attempt, backoff);
                try {
                    if (stop.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) return false;
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    private void deadLetter(InProcessEventBus.Message m, StowageEvent event, Throwable cause) {
        LOG.warn("{}: dead-lettering a message of {}: {}", group.name(), m.topic(), Failures.oneLine(cause));
        bus.publishRaw(Topics.deadLetters(m.topic()), m.key(), m.value());
        String buildId = event != null ? event.buildId() : DeadLetterBuildId.extract(m.value());
        if (buildId != null) {
            bus.publish(Failures.buildFailed(buildId, group.name(), cause, bus.producer(), bus.clock()));
        }
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        running = false;
        stop.countDown();
        // wake members waiting for a message now, rather than at the end of their wait
        bus.lock().lock();
        try {
            bus.signalChange();
        } finally {
            bus.lock().unlock();
        }
        for (Member m : members) {
            try {
                m.thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        bus.lock().lock();
        try {
            members.forEach(group::leave);
            bus.signalChange();
        } finally {
            bus.lock().unlock();
        }
        bus.removed(this);
        Throwable f = failure;
        if (f != null) throw new IllegalStateException("a consumer of group " + group.name() + " failed: " + f, f);
    }
}
