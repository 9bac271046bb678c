package dev.stowage.bus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.event.EventCodec;
import dev.stowage.event.Topics;
import dev.stowage.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.utils.BoundedInputStream;

/**
 * Reads a {@link JsonlAuditLog}; lines that are not events (dead letters' raw bytes) are skipped.
 * Only complete lines are read: a log that a running build appends to may end in half a line,
 * which is not yet an event, not a corrupt log.
 */
public final class AuditLogReader {
    private AuditLogReader() {}

    public static List<AuditEntry> read(Path file) throws IOException {
        List<AuditEntry> entries = new ArrayList<>();
        long complete = completeLength(file);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new BoundedInputStream(Files.newInputStream(file), complete), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                AuditEntry entry = entry(line);
                if (entry != null) entries.add(entry);
            }
        }
        return entries;
    }

    /** One complete line of the log as an entry, or null for a line that is no event (blank, a dead letter, raw bytes). */
    public static AuditEntry entry(String line) throws IOException {
        if (line.isBlank()) return null;
        JsonNode node = Json.reader().readTree(line);
        JsonNode event = node.get("event");
        if (event == null || node.path("topic").asText().endsWith(Topics.DLQ_SUFFIX)) return null;
        return new AuditEntry(node.path("topic").asText(), node.path("key").asText(),
                EventCodec.decode(Json.writer().writeValueAsBytes(event)));
    }

    /** The length of {@code file} up to and including its last newline (0 when it has none). */
    private static long completeLength(Path file) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            ByteBuffer buf = ByteBuffer.allocate(8192);
            for (long end = ch.size(); end > 0; ) {
                long start = Math.max(0, end - buf.capacity());
                buf.clear().limit((int) (end - start));
                ch.position(start);
                while (buf.hasRemaining() && ch.read(buf) >= 0) { /* fill */ }
                for (int i = buf.position() - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') return start + i + 1;
                }
                end = start;
            }
            return 0;
        }
    }
}
