package dev.stowage.event;

import dev.stowage.json.Json;
import java.io.IOException;

/** The wire form of events: canonical JSON with a {@code "type"} field, the same on every bus. */
public final class EventCodec {
    private EventCodec() {}

    public static byte[] encode(StowageEvent event) {
        try {
            return Json.mapper().writerFor(StowageEvent.class).writeValueAsBytes(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.type(), e);
        }
    }

    public static StowageEvent decode(byte[] bytes) throws IOException {
        return Json.mapper().readValue(bytes, StowageEvent.class);
    }
}
