package dev.stowage.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import java.io.IOException;

/**
 * The wire form of events: canonical JSON with a {@code "type"} field, the same on every bus.
 * Written with the canonical writer; read tolerantly ({@link EventMapper}) so workers of
 * different releases share one bus (docs/events.md, "Compatibility"): unknown fields are
 * ignored, missing optional fields take their defaults, and an event of a newer major schema
 * version than this build reads is refused (a {@link BadInputException} naming both versions,
 * never retried: the bus dead-letters it with a {@code BuildFailed}).
 */
public final class EventCodec {
    private EventCodec() {}

    public static byte[] encode(StowageEvent event) {
        try {
            return Json.writer().forType(StowageEvent.class).writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.type(), e);
        }
    }

    /** @throws BadInputException for a major schema version this build does not read (never retried) */
    public static StowageEvent decode(byte[] bytes) throws IOException {
        JsonNode tree = EventMapper.reader().readTree(bytes);
        if (tree == null || !tree.isObject()) throw new IOException("an event must be a JSON object");
        JsonNode version = tree.path("header").path("schemaVersion");
        if (version.isInt() && version.intValue() > EventHeader.SCHEMA_VERSION) {
            throw newerSchema(tree.path("type").asText("event"), version.intValue());
        }
        return EventMapper.reader().treeToValue(tree, StowageEvent.class);
    }

    /** {@code LayerTask: schema v2 is newer than this worker understands (v1)}. */
    static BadInputException newerSchema(String type, int version) {
        return new BadInputException(type, "schema v" + version + " is newer than this worker understands (v" + EventHeader.SCHEMA_VERSION + ")");
    }
}
