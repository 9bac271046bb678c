package dev.stowage.bus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.event.EventCodec;
import dev.stowage.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a {@link JsonlAuditLog}; lines that are not events (dead letters' raw bytes) are skipped. */
public final class AuditLogReader {
    private AuditLogReader() {}

    public static List<AuditEntry> read(Path file) throws IOException {
        List<AuditEntry> entries = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) continue;
                JsonNode node = Json.mapper().readTree(line);
                JsonNode event = node.get("event");
                if (event == null || node.path("topic").asText().endsWith(dev.stowage.event.Topics.DLQ_SUFFIX)) continue;
                entries.add(new AuditEntry(node.path("topic").asText(), node.path("key").asText(),
                        EventCodec.decode(Json.mapper().writeValueAsBytes(event))));
            }
        }
        return entries;
    }
}
