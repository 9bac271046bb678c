package dev.stowage.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.stowage.oci.ContainerConfig;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An image spec as the user writes it (see docs/spec.md), with defaults applied. Field names are
 * exactly the JSON ones; unknown fields are rejected by the reader.
 */
public record ImageSpec(
        String name,
        String tag,
        Integer maxLayers,
        Instant created,
        Instant mtime,
        Compression compression,
        String storeDir,
        ContainerConfig config,
        Map<String, String> annotations,
        List<PlatformSpec> platforms) {

    public static final int DEFAULT_MAX_LAYERS = 100;
    public static final Instant DEFAULT_TIME = Instant.parse("1970-01-01T00:00:01Z");
    public static final String DEFAULT_STORE_DIR = "/nix/store";

    // <host[:port]/>path with lower-case components, as the distribution spec's reference grammar.
    private static final Pattern NAME = Pattern.compile(
            "(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?"
                    + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final Pattern STORE_DIR = Pattern.compile("(/[A-Za-z0-9+\\-._=]+)+");

    public ImageSpec {
        if (name == null) throw new IllegalArgumentException("name is required");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name + "' is not a valid image name ([host[:port]/]lowercase/path)");
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("tag '" + tag + "' is not a valid tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127})");
        }
        maxLayers = maxLayers == null ? DEFAULT_MAX_LAYERS : maxLayers;
        if (maxLayers < 2) {
            throw new IllegalArgumentException("maxLayers must be at least 2 (one store layer and the customisation layer), got " + maxLayers);
        }
        created = created == null ? DEFAULT_TIME : created;
        mtime = mtime == null ? DEFAULT_TIME : mtime;
        compression = compression == null ? Compression.GZIP : compression;
        storeDir = storeDir == null ? DEFAULT_STORE_DIR : storeDir;
        if (!STORE_DIR.matcher(storeDir).matches() || storeDir.contains("/./") || storeDir.contains("/../") || storeDir.endsWith("/..")) {
            throw new IllegalArgumentException("storeDir '" + storeDir + "' must be an absolute path without a trailing slash");
        }
        config = config == null ? ContainerConfig.empty() : config;
        annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
        if (platforms == null || platforms.isEmpty()) {
            throw new IllegalArgumentException("platforms is required: a list of { \"platform\": \"linux/amd64\", \"closure\": \"path-info.json\" }");
        }
        platforms = List.copyOf(platforms);
        Set<String> seen = new HashSet<>();
        for (PlatformSpec p : platforms) {
            if (!seen.add(p.platform().toString())) throw new IllegalArgumentException("platform " + p.platform() + " is listed twice");
        }
    }

    /** The repository part of {@link #name()} without a registry host, e.g. {@code team/app}. */
    @JsonIgnore
    public String repository() {
        int slash = name.indexOf('/');
        if (slash > 0) {
            String first = name.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) return name.substring(slash + 1);
        }
        return name;
    }
}
