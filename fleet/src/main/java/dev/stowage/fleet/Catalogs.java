package dev.stowage.fleet;

import dev.stowage.fleet.kafka.KafkaCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Opens a catalog by location: {@code kafka://HOST:PORT[,HOST:PORT…]/TOPIC} (a compacted topic) or a folder. */
public final class Catalogs {
    private static final Pattern KAFKA = Pattern.compile("kafka://([^/]+)/([A-Za-z0-9._-]+)");

    private Catalogs() {}

    /** @throws IllegalArgumentException for a malformed {@code kafka://} location */
    public static Catalog open(String location) throws IOException {
        if (!location.startsWith("kafka://")) return new FolderCatalog(Path.of(location));
        Matcher m = KAFKA.matcher(location);
        if (!m.matches()) throw new IllegalArgumentException("expected kafka://HOST:PORT[,HOST:PORT…]/TOPIC, got " + location);
        return new KafkaCatalog(m.group(1), m.group(2), Duration.ofSeconds(60));
    }
}
