package dev.stowage.bus;

import dev.stowage.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one JSON line per message: {@code {"topic":…,"key":…,"event":{…}}}. Messages that are
 * not valid JSON (poison messages) are recorded as a JSON string under {@code "raw"}.
 */
public final class JsonlAuditLog implements AuditLog {
    private final OutputStream out;

    public JsonlAuditLog(Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open audit log " + file, e);
        }
    }

    @Override
    public synchronized void append(String topic, String key, byte[] eventJson) {
        try {
            var mapper = Json.writer();
            StringBuilder line = new StringBuilder(eventJson.length + 128);
            line.append("{\"topic\":").append(mapper.writeValueAsString(topic))
                    .append(",\"key\":").append(mapper.writeValueAsString(key));
            if (isJsonObject(eventJson)) {
                line.append(",\"event\":").append(new String(eventJson, StandardCharsets.UTF_8));
            } else {
                line.append(",\"raw\":").append(mapper.writeValueAsString(new String(eventJson, StandardCharsets.UTF_8)));
            }
            line.append("}\n");
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write audit log", e);
        }
    }

    private static boolean isJsonObject(byte[] bytes) {
        try {
            var node = Json.reader().readTree(bytes);
            return node != null && node.isObject();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
