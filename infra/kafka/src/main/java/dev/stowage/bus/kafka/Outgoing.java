package dev.stowage.bus.kafka;

import dev.stowage.event.EventCodec;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** A record to send, before the namespace and the claim check are applied; {@code topic} is the logical name. */
record Outgoing(String topic, String key, byte[] value, Headers headers) {

    static Outgoing of(StowageEvent event) {
        return new Outgoing(Topics.of(event), event.partitionKey(), EventCodec.encode(event), new RecordHeaders());
    }
}
