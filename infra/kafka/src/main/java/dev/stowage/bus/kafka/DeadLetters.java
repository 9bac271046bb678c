package dev.stowage.bus.kafka;

import dev.stowage.bus.DeadLetterBuildId;
import dev.stowage.bus.Failures;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a permanently failed record turns into: its bytes on {@code <topic>.dlq} with the failure in
 * headers, and a {@code BuildFailed} for its build (when a build id can be found). The caller sends
 * both together with the offset commit.
 */
final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private final KafkaEventBus bus;
    private final String group;

    DeadLetters(KafkaEventBus bus, String group) {
        this.bus = bus;
        this.group = group;
    }

    List<Outgoing> of(ConsumerRecord<String, byte[]> r, byte[] value, StowageEvent event, Throwable cause) {
        String topic = bus.logical(r.topic());
        LOG.warn("{}: dead-lettering a message of {}: {}", group, topic, Failures.oneLine(cause));
        RecordHeaders h = new RecordHeaders();
        h.add("stowage.error.class", utf8(cause.getClass().getName()));
        h.add("stowage.error.message", utf8(Failures.oneLine(cause)));
        h.add("stowage.error.stage", utf8(group));
        h.add("stowage.original.topic", utf8(topic));
        h.add("stowage.original.partition", utf8(Integer.toString(r.partition())));
        h.add("stowage.original.offset", utf8(Long.toString(r.offset())));
        List<Outgoing> out = new ArrayList<>();
        out.add(new Outgoing(Topics.deadLetters(topic), r.key() == null ? "" : r.key(), value, h));
        bus.buildMeters().deadLettered(group, topic);
        String buildId = event != null ? event.buildId() : DeadLetterBuildId.extract(value);
        if (buildId != null) {
            BuildFailed failed = Failures.buildFailed(buildId, group, cause, bus.config().clientId(), bus.clock());
            bus.buildMeters().failed(failed);
            out.add(Outgoing.of(failed));
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
