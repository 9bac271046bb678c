package dev.stowage.registryserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Attribute names to store paths per Nix system, as a Nix expression or a Hydra jobset's outputs
 * write it: {@code {"x86_64-linux": {"hello": "/nix/store/…-hello-2.12"}, "aarch64-linux": {…}}}.
 * Loaded once, from a file or URL ({@link PackageIndexFetch}): its {@code revision} (the digest of
 * the bytes read) pins what every name means.
 */
public record PackageIndex(Map<String, Map<String, StorePath>> systems, Digest revision) {
    public PackageIndex {
        Map<String, Map<String, StorePath>> copy = new TreeMap<>();
        systems.forEach((s, m) -> copy.put(s, Map.copyOf(m)));
        systems = Map.copyOf(copy);
    }

    /** Reads {@code location} (FILE, file:, http(s)://) once and parses it; its revision is the digest of the bytes read. */
    public static PackageIndex fetch(String location, PackageIndexFetch fetch) {
        return parse(fetch.read(location), PackageIndexFetch.describe(location));
    }

    static PackageIndex parse(byte[] bytes, String file) {
        Map<String, Map<String, String>> raw;
        try {
            raw = Json.reader().forType(new TypeReference<Map<String, Map<String, String>>>() {}).readValue(bytes);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "not a package index ({\"SYSTEM\": {\"ATTRIBUTE\": \"/nix/store/…\"}}): " + Json.describe(e), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read the package index: " + e.getMessage(), e);
        }
        if (raw == null) throw new BadInputException(file, "empty package index");
        Map<String, Map<String, StorePath>> systems = new TreeMap<>();
        raw.forEach((system, attrs) -> {
            Map<String, StorePath> paths = new TreeMap<>();
            if (attrs != null) attrs.forEach((attr, path) -> {
                try {
                    paths.put(attr, StorePath.parse(path));
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(file + ": " + system + "." + attr, e.getMessage(), e);
                }
            });
            systems.put(system, paths);
        });
        return new PackageIndex(systems, Digest.ofBytes(bytes));
    }

    /**
     * The store path of {@code attribute} for {@code system}: an exact key, else the one key that
     * equals it ignoring case (repository names are lower case: {@code bashinteractive} finds
     * {@code bashInteractive}).
     */
    public Optional<Map.Entry<String, StorePath>> find(String system, String attribute) {
        Map<String, StorePath> attrs = systems.getOrDefault(system, Map.of());
        if (attrs.containsKey(attribute)) return Optional.of(Map.entry(attribute, attrs.get(attribute)));
        var folded = attrs.entrySet().stream().filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(attribute)).toList();
        return folded.size() == 1 ? Optional.of(folded.get(0)) : Optional.empty();
    }
}
