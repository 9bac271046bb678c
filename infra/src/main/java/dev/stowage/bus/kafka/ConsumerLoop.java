package dev.stowage.bus.kafka;

import dev.stowage.bus.EventHandler;
import dev.stowage.bus.RetryPolicy;
import dev.stowage.event.EventCodec;
import dev.stowage.event.StowageEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One group member: polls, decodes, runs the handler, publishes what it emitted, then commits the
 * record's offset (send-then-commitSync: at least once). A transiently failing record's partition
 * is rewound and paused for the policy's backoff; a permanent failure is dead-lettered.
 */
final class ConsumerLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    private final KafkaEventBus bus;
    private final String group;
    private final Pattern topics;
    private final EventHandler handler;
    private final KafkaConsumer<String, byte[]> consumer;
    private final DeadLetters deadLetters;
    private final Map<TopicPartition, Retry> retries = new HashMap<>();
    private volatile boolean running = true;

    /** Failure state of the record a paused partition waits on. */
    private record Retry(long offset, int attempt, Instant firstFailure, Instant resumeAt) {}

    ConsumerLoop(KafkaEventBus bus, String group, Pattern topics, EventHandler handler, String clientId) {
        this.bus = bus;
        this.group = group;
        this.topics = topics;
        this.handler = handler;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bus.config().bootstrapServers());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = new DeadLetters(bus, group);
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    partitions.forEach(retries::remove);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
            });
            while (running) {
                resumeDue();
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (consumer.paused().contains(tp)) continue;
                    if (!running) break;
                    deliver(tp, r);
                }
            }
        } catch (WakeupException e) {
            if (running) throw e;
        } catch (RuntimeException e) {
            LOG.error("consumer {} of {} stopped: {}", group, topics, e.toString(), e);
        } finally {
            consumer.close();
        }
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
            deadLetters.send(r, r.value(), null, e);
            commit(tp, r.offset());
            return;
        }
        List<StowageEvent> out = new ArrayList<>();
        try {
            handler.handle(event, out::add);
        } catch (Exception | AssertionError e) {
            failed(tp, r, value, event, e);
            return;
        }
        out.forEach(bus::publish);
        retries.remove(tp);
        commit(tp, r.offset());
    }

    private void failed(TopicPartition tp, ConsumerRecord<String, byte[]> r, byte[] value, StowageEvent event, Throwable e) {
        Retry previous = retries.get(tp);
        Instant now = bus.clock().instant();
        boolean same = previous != null && previous.offset() == r.offset();
        int attempt = same ? previous.attempt() + 1 : 1;
        Instant first = same ? previous.firstFailure() : now;
        RetryPolicy policy = bus.retry();
        if (policy.decide(e, attempt, Duration.between(first, now)) == RetryPolicy.Decision.DEAD_LETTER) {
            retries.remove(tp);
            deadLetters.send(r, value, event, e);
            commit(tp, r.offset());
            return;
        }
        LOG.debug("{} failed on {} (attempt {}), retrying: {}", group, event.type(), attempt, e.toString());
        retries.put(tp, new Retry(r.offset(), attempt, first, now.plus(policy.backoff(attempt))));
        consumer.seek(tp, r.offset());
        consumer.pause(List.of(tp));
    }

    private void commit(TopicPartition tp, long offset) {
        consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset + 1)));
    }
}
