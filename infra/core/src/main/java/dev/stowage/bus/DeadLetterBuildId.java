package dev.stowage.bus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.event.BuildIds;
import dev.stowage.json.Json;

/** Best-effort extraction of the build id from a message that could not be decoded. */
public final class DeadLetterBuildId {
    private DeadLetterBuildId() {}

    public static String extract(byte[] value) {
        try {
            JsonNode node = Json.reader().readTree(value);
            JsonNode id = node == null ? null : node.path("header").get("buildId");
            return id == null ? null : BuildIds.check(id.asText());
        } catch (Exception e) {
            return null;
        }
    }
}
