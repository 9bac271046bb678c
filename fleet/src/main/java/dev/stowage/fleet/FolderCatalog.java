package dev.stowage.fleet;

import dev.stowage.json.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A catalog in a folder: one canonical-JSON file per image, named by the URL-encoded image name
 * ({@code registry.example%3A5000%2Fteam%2Fapp.json}), replaced atomically on every put.
 */
public final class FolderCatalog implements Catalog {
    private static final String SUFFIX = ".json";
    private final Path dir;

    public FolderCatalog(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public String describe() {
        return dir.toString();
    }

    @Override
    public void put(CatalogEntry entry) throws IOException {
        Path file = file(entry.name());
        Path tmp = Files.createTempFile(dir, ".put-", ".tmp");
        try {
            Files.write(tmp, Json.canonicalBytes(entry));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public boolean remove(String name) throws IOException {
        return Files.deleteIfExists(file(name));
    }

    @Override
    public Optional<CatalogEntry> get(String name) throws IOException {
        try {
            return Optional.of(read(file(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<CatalogEntry> list() throws IOException {
        List<CatalogEntry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                entries.add(read(f));
            }
        }
        entries.sort(Comparator.comparing(CatalogEntry::name));
        return entries;
    }

    private Path file(String name) {
        return dir.resolve(URLEncoder.encode(name, StandardCharsets.UTF_8) + SUFFIX);
    }

    private static CatalogEntry read(Path file) throws IOException {
        CatalogEntry entry = Json.reader().readValue(Files.readAllBytes(file), CatalogEntry.class);
        String stem = file.getFileName().toString();
        String expected = URLDecoder.decode(stem.substring(0, stem.length() - SUFFIX.length()), StandardCharsets.UTF_8);
        if (!entry.name().equals(expected)) {
            throw new IOException(file + " holds image " + entry.name() + ", expected " + expected);
        }
        return entry;
    }
}
