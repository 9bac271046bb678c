package dev.stowage.bus.kafka;

import dev.stowage.bus.Failures;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Copies a failed record to {@code <topic>.dlq} with the failure in headers, and fails its build. */
final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private final KafkaEventBus bus;
    private final String group;

    DeadLetters(KafkaEventBus bus, String group) {
        this.bus = bus;
        this.group = group;
    }

    void send(ConsumerRecord<String, byte[]> r, byte[] value, StowageEvent event, Throwable cause) {
        LOG.warn("{}: dead-lettering a message of {}: {}", group, r.topic(), Failures.oneLine(cause));
        RecordHeaders h = new RecordHeaders();
        h.add("stowage.error.class", utf8(cause.getClass().getName()));
        h.add("stowage.error.message", utf8(Failures.oneLine(cause)));
        h.add("stowage.error.stage", utf8(group));
        h.add("stowage.original.topic", utf8(r.topic()));
        h.add("stowage.original.partition", utf8(Integer.toString(r.partition())));
        h.add("stowage.original.offset", utf8(Long.toString(r.offset())));
        bus.send(Topics.deadLetters(r.topic()), r.key() == null ? "" : r.key(), value, h);
        String buildId = event != null ? event.buildId() : dev.stowage.bus.DeadLetterBuildId.extract(value);
        if (buildId != null) {
            bus.publish(Failures.buildFailed(buildId, group, cause, bus.config().clientId(), bus.clock()));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
