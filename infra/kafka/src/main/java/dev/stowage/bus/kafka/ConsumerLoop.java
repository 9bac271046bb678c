package dev.stowage.bus.kafka;

import dev.stowage.bus.EventHandler;
import dev.stowage.bus.RetryPolicy;
import dev.stowage.event.EventCodec;
import dev.stowage.event.StowageEvent;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One group member on its own thread: polls, decodes, runs the handler, then lets its
 * {@link Committer} publish what the handler emitted and commit the offset. A failing record's
 * partition is rewound and paused for the policy's backoff (other partitions keep flowing); a
 * permanent failure is dead-lettered. A failure this member cannot recover from ends the loop and
 * is kept for {@link #failure()}, so the owner rethrows it instead of losing it.
 */
final class ConsumerLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    private final KafkaEventBus bus;
    private final String group;
    private final Pattern topics;
    private final EventHandler handler;
    private final String transactionalId;
    private final KafkaConsumer<String, byte[]> consumer;
    private final DeadLetters deadLetters;
    private final Map<TopicPartition, Retry> retries = new HashMap<>();
    /** Partitions rewound during the current batch: their remaining records of the batch are skipped. */
    private final Set<TopicPartition> rewound = new HashSet<>();
    private Committer committer;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /** Failure state of the record a paused partition waits on. */
    private record Retry(long offset, int attempt, Instant firstFailure, Instant resumeAt) {}

    ConsumerLoop(KafkaEventBus bus, String group, Pattern topics, EventHandler handler, int member) {
        this.bus = bus;
        this.group = group;
        this.topics = topics;
        this.handler = handler;
        String groupId = bus.physical(group);
        String clientId = groupId + "." + bus.config().clientId() + "." + member;
        this.transactionalId = bus.config().transactional() ? clientId : null;
        this.consumer = new KafkaConsumer<>(ClientProperties.consumer(bus.config(), groupId, clientId),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = new DeadLetters(bus, group);
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    /** What ended this loop, if it did not end by {@link #stop()}. */
    Throwable failure() {
        return failure;
    }

    @Override
    public void run() {
        // The consumer's own metrics (fetch rates, records-lag per assigned partition, ...), new ones picked up every minute.
        KafkaClientMetrics clientMetrics = new KafkaClientMetrics(consumer);
        clientMetrics.bindTo(bus.meters());
        try {
            committer = transactionalId != null ? new TransactionalCommitter(bus, consumer, transactionalId)
                    : new AtLeastOnceCommitter(bus, consumer);
            consumer.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    committer.revoked(partitions);
                    retries.keySet().removeAll(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    committer.lost(partitions);
                    retries.keySet().removeAll(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
            });
            while (running) {
                committer.flush();
                resumeDue();
                rewound.clear();
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (!running) break;
                    if (rewound.contains(tp) || consumer.paused().contains(tp)) continue;
                    deliver(tp, r);
                }
            }
        } catch (WakeupException e) {
            if (running) stopped(e);
        } catch (RuntimeException | Error e) {
            stopped(e);
        } finally {
            try {
                closeCommitter();
                consumer.close(); // runs onPartitionsRevoked: commits what was handled
            } catch (RuntimeException e) {
                if (failure == null) stopped(e);
                consumer.close(Duration.ZERO);
            } finally {
                clientMetrics.close();
            }
        }
    }

    /** Commits what is pending; a wakeup left over from {@link #stop()} interrupts the first try only. */
    private void closeCommitter() {
        if (committer == null) return;
        try {
            committer.close();
        } catch (WakeupException leftOver) {
            committer.close();
        }
    }

    private void stopped(Throwable e) {
        failure = e;
        LOG.error("consumer {} of group {} stopped: {}", topics, group, e.toString(), e);
    }

    private void resumeDue() {
        Instant now = bus.clock().instant();
        List<TopicPartition> due = new ArrayList<>();
        retries.forEach((tp, r) -> {
            if (!r.resumeAt().isAfter(now) && consumer.paused().contains(tp)) due.add(tp);
        });
        consumer.resume(due);
    }

    private void deliver(TopicPartition tp, ConsumerRecord<String, byte[]> r) {
        byte[] value;
        StowageEvent event;
        try {
            value = bus.claimCheck().incoming(r.value(), r.headers());
            event = EventCodec.decode(value);
        } catch (IOException | RuntimeException e) {
            deadLetter(tp, r, deadLetters.of(r, r.value(), null, e));
            return;
        }
        List<Outgoing> out = new ArrayList<>();
        try {
            handler.handle(event, emitted -> out.add(Outgoing.of(emitted)));
        } catch (Exception | AssertionError e) {
            failed(tp, r, value, event, e);
            return;
        }
        RuntimeException notPublished = committer.commit(r, out);
        if (notPublished == null) {
            retries.remove(tp);
        } else {
            failed(tp, r, value, event, notPublished);
        }
    }

    /** The handler, or publishing its output, failed: retry after a backoff, or dead-letter. */
    private void failed(TopicPartition tp, ConsumerRecord<String, byte[]> r, byte[] value, StowageEvent event, Throwable e) {
        Retry previous = retries.get(tp);
        Instant now = bus.clock().instant();
        boolean same = previous != null && previous.offset() == r.offset();
        int attempt = same ? previous.attempt() + 1 : 1;
        Instant first = same ? previous.firstFailure() : now;
        RetryPolicy policy = bus.retry();
        if (policy.decide(e, attempt, Duration.between(first, now)) == RetryPolicy.Decision.DEAD_LETTER) {
            deadLetter(tp, r, deadLetters.of(r, value, event, e));
            return;
        }
        LOG.debug("{} failed on {} (attempt {}), retrying: {}", group, event.type(), attempt, e.toString());
        retries.put(tp, new Retry(r.offset(), attempt, first, now.plus(policy.backoff(attempt))));
        rewind(tp, r.offset());
    }

    /** Publishes a record's dead letters; if even that fails, the record comes again after the longest backoff. */
    private void deadLetter(TopicPartition tp, ConsumerRecord<String, byte[]> r, List<Outgoing> letters) {
        if (committer.commit(r, letters) == null) {
            retries.remove(tp);
            return;
        }
        Retry previous = retries.get(tp);
        Instant now = bus.clock().instant();
        boolean same = previous != null && previous.offset() == r.offset();
        retries.put(tp, new Retry(r.offset(), same ? previous.attempt() : 0, same ? previous.firstFailure() : now,
                now.plus(bus.retry().maxBackoff())));
        rewind(tp, r.offset());
    }

    /** The partition's next poll starts at {@code offset} again, after its pause. */
    private void rewind(TopicPartition tp, long offset) {
        rewound.add(tp);
        try {
            consumer.seek(tp, offset);
            consumer.pause(List.of(tp));
        } catch (IllegalStateException noLongerAssigned) {
            retries.remove(tp);
        }
    }
}
