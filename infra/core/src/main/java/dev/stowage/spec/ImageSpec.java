package dev.stowage.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.stowage.oci.ContainerConfig;
import dev.stowage.oci.ImageName;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
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
        List<String> tags,
        Integer maxLayers,
        Instant created,
        Instant mtime,
        Compression compression,
        Integer compressionLevel,
        String storeDir,
        Layering layering,
        Long maxLayerSize,
        Boolean includeStorePaths,
        String fromImage,
        ContainerConfig config,
        Map<String, String> annotations,
        ImageMetadata metadata,
        List<FileSpec> files,
        List<PermSpec> perms,
        FakeNss fakeNss,
        Boolean tmpDirs,
        Boolean usrBinEnv,
        Boolean binSh,
        Boolean caBundle,
        Boolean initializeNixDatabase,
        List<PlatformSpec> platforms) {

    public static final int DEFAULT_MAX_LAYERS = 100;
    public static final Instant DEFAULT_TIME = Instant.parse("1970-01-01T00:00:01Z");
    public static final String DEFAULT_STORE_DIR = "/nix/store";
    /** The distribution spec's limit for a repository name with its host. */
    public static final int MAX_NAME = ImageName.MAX_NAME;

    // <host[:port]/>path with lower-case components, as the distribution spec's reference grammar.
    private static final Pattern NAME = Pattern.compile("(?:" + ImageName.HOST + "/)?" + ImageName.REPOSITORY);
    private static final Pattern STORE_DIR = Pattern.compile("(/[A-Za-z0-9+\\-._=]+)+");

    public ImageSpec {
        if (name == null) throw new IllegalArgumentException("name is required");
        if (name.length() > MAX_NAME) throw new IllegalArgumentException("name is " + name.length() + " characters, at most " + MAX_NAME + " are allowed");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name + "' is not a valid image name ([host[:port]/]lowercase/path)");
        }
        if (tag != null && !ImageName.isTag(tag)) {
            throw new IllegalArgumentException("tag '" + tag + "' is not a valid tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127})");
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
        for (String t : tags) {
            if (!ImageName.isTag(t)) throw new IllegalArgumentException("tags: '" + t + "' is not a valid tag");
        }
        maxLayers = maxLayers == null ? DEFAULT_MAX_LAYERS : maxLayers;
        if (maxLayers < 2) {
            throw new IllegalArgumentException("maxLayers must be at least 2 (one store layer and the customisation layer), got " + maxLayers);
        }
        created = created == null ? DEFAULT_TIME : created;
        mtime = mtime == null ? DEFAULT_TIME : mtime;
        compression = compression == null ? Compression.GZIP : compression;
        compression.checkLevel(compressionLevel);
        layering = layering == null ? Layering.POPULARITY : layering;
        if (maxLayerSize != null && maxLayerSize <= 0) throw new IllegalArgumentException("maxLayerSize must be a positive number of MB");
        if (maxLayerSize != null && layering != Layering.AUTO) {
            throw new IllegalArgumentException("maxLayerSize needs \"layering\": \"auto\" (popularity keeps nixpkgs' grouping)");
        }
        includeStorePaths = includeStorePaths == null ? Boolean.TRUE : includeStorePaths;
        if (fromImage != null && !fromImage.matches("(oci:|docker-archive:|docker://).+")) {
            throw new IllegalArgumentException("fromImage must be oci:DIR[:TAG], docker-archive:FILE or docker://REF, got '" + fromImage + "'");
        }
        files = files == null ? List.of() : List.copyOf(files);
        Set<String> filePaths = new HashSet<>();
        for (FileSpec f : files) {
            if (!filePaths.add(f.path())) throw new IllegalArgumentException("files: " + f.path() + " is listed twice");
        }
        perms = perms == null ? List.of() : List.copyOf(perms);
        tmpDirs = Boolean.TRUE.equals(tmpDirs);
        usrBinEnv = Boolean.TRUE.equals(usrBinEnv);
        binSh = Boolean.TRUE.equals(binSh);
        caBundle = Boolean.TRUE.equals(caBundle);
        initializeNixDatabase = Boolean.TRUE.equals(initializeNixDatabase);
        storeDir = storeDir == null ? DEFAULT_STORE_DIR : storeDir;
        if (!STORE_DIR.matcher(storeDir).matches() || storeDir.contains("/./") || storeDir.contains("/../") || storeDir.endsWith("/..")) {
            throw new IllegalArgumentException("storeDir '" + storeDir + "' must be an absolute path without a trailing slash");
        }
        config = config == null ? ContainerConfig.empty() : config;
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(annotations));
        if (platforms == null || platforms.isEmpty()) {
            throw new IllegalArgumentException("platforms is required: a list of { \"platform\": \"linux/amd64\", \"closure\": \"path-info.json\" }");
        }
        platforms = List.copyOf(platforms);
        Set<String> seen = new HashSet<>();
        for (PlatformSpec p : platforms) {
            if (!seen.add(p.platform().toString())) throw new IllegalArgumentException("platform " + p.platform() + " is listed twice");
        }
    }

    /** This spec with every platform that names neither a closure nor a source reading from {@code cache}. */
    public ImageSpec withDefaultSource(CacheSource cache) {
        return new ImageSpec(name, tag, tags, maxLayers, created, mtime, compression, compressionLevel, storeDir, layering,
                maxLayerSize, includeStorePaths, fromImage, config, annotations, metadata, files, perms, fakeNss, tmpDirs,
                usrBinEnv, binSh, caBundle, initializeNixDatabase, platforms.stream().map(p -> p.withDefaultSource(cache)).toList());
    }

    /** This spec with {@code files} replaced (sources resolved to contents). */
    public ImageSpec withFiles(List<FileSpec> resolved) {
        return new ImageSpec(name, tag, tags, maxLayers, created, mtime, compression, compressionLevel, storeDir, layering,
                maxLayerSize, includeStorePaths, fromImage, config, annotations, metadata, resolved, perms, fakeNss, tmpDirs,
                usrBinEnv, binSh, caBundle, initializeNixDatabase, platforms);
    }

    /** Every tag the image is published under: {@code tag} (or the derived one) first, then {@code tags}. */
    public List<String> allTags(String primary) {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        all.add(primary);
        all.addAll(tags);
        return List.copyOf(all);
    }

    /** Annotations of index and manifests: the metadata's, overridden by explicit {@code annotations}. */
    @JsonIgnore
    public Map<String, String> effectiveAnnotations() {
        Map<String, String> m = new TreeMap<>(metadata == null ? Map.of() : metadata.annotations());
        m.putAll(annotations);
        return Collections.unmodifiableMap(m);
    }

    /**
     * Whether the planner emits no layer task at all (no store paths and no customisation layer):
     * the image is its base layers only, or none, like an empty dockerTools image. The assembler
     * then assembles from the request alone instead of waiting for layers that never come.
     */
    @JsonIgnore
    public boolean plansNoLayers() {
        return !includeStorePaths && !hasCustomisation();
    }

    /** Whether the image gets a customisation layer (root file system content beyond the store). */
    @JsonIgnore
    public boolean hasCustomisation() {
        return !files.isEmpty() || fakeNss != null || tmpDirs || usrBinEnv || binSh || caBundle || initializeNixDatabase
                || platforms.stream().anyMatch(p -> !p.copyToRoot().isEmpty());
    }

    /** The repository part of {@link #name()} without a registry host, e.g. {@code team/app}. */
    @JsonIgnore
    public String repository() {
        int slash = name.indexOf('/');
        return slash > 0 && ImageName.isDockerHost(name.substring(0, slash)) ? name.substring(slash + 1) : name;
    }
}
