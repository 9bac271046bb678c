package dev.stowage.registryserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import dev.stowage.nix.NixSystem;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Platform;
import dev.stowage.spec.BaseImageResolver;
import dev.stowage.spec.BuildInput;
import dev.stowage.spec.CacheClosures;
import dev.stowage.spec.CacheSource;
import dev.stowage.spec.ImageSpec;
import dev.stowage.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The image spec of a package list: named by its canonical name, tag {@code latest}, per platform
 * the packages' store paths (sorted) as roots and copied to the root (their {@code bin/} is on {@code PATH=/bin}),
 * read from the binary cache. The same JSON given to {@code stowage build} builds the same image
 * (docs/registry-service.md).
 */
public final class PackageSpecs {
    public static final String TAG = "latest";
    private final PackageIndex index;
    private final CacheSource cache;
    private final CacheClosures closures;

    public PackageSpecs(PackageIndex index, CacheSource cache, CacheClosures closures) {
        this.index = index;
        this.cache = cache;
        this.closures = closures;
    }

    /**
     * The store paths (sorted) of the list's packages per platform (sorted): the platform the name
     * selects, else every platform whose system has all the packages. None is
     * {@link ErrorCode#NAME_UNKNOWN}, naming the first package missing for the first candidate.
     */
    public Map<Platform, List<StorePath>> platforms(PackageList list) {
        Map<Platform, List<StorePath>> out = new LinkedHashMap<>();
        DistributionException first = null;
        for (Platform platform : list.candidates()) {
            try {
                out.put(platform, paths(list, platform));
            } catch (DistributionException missing) {
                if (first == null) first = missing;
            }
        }
        if (out.isEmpty()) throw first;
        return out;
    }

    private List<StorePath> paths(PackageList list, Platform platform) {
        String system = NixSystem.of(platform);
        TreeSet<StorePath> out = new TreeSet<>();
        for (String p : list.packages()) {
            out.add(index.find(system, p).orElseThrow(() -> new DistributionException(ErrorCode.NAME_UNKNOWN,
                    "unknown package '" + p + "' for " + system + " in the package index")).getValue());
        }
        return List.copyOf(out);
    }

    /** The spec, as JSON: one entry in {@code platforms} per platform of {@link #platforms}. */
    public byte[] specJson(PackageList list) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("cache", cache.cache());
        source.put("trustedPublicKeys", cache.trustedPublicKeys());
        if (cache.allowUnsigned()) source.put("allowUnsigned", true);
        List<Map<String, Object>> platforms = new ArrayList<>();
        platforms(list).forEach((p, storePaths) -> {
            List<String> paths = storePaths.stream().map(StorePath::toString).toList();
            Map<String, Object> platform = new LinkedHashMap<>();
            platform.put("platform", p.toString());
            platform.put("roots", paths);
            platform.put("copyToRoot", paths);
            platform.put("source", source);
            platforms.add(platform);
        });
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", list.canonicalName());
        spec.put("tag", TAG);
        spec.put("config", Map.of("Env", List.of("PATH=/bin")));
        spec.put("platforms", platforms);
        return Json.canonicalBytes(spec);
    }

    /** The resolved input: the closure is walked from the cache's narinfos (no build starts here). */
    public BuildInput input(PackageList list) {
        byte[] json = specJson(list);
        Path where = Path.of("package-list " + list.canonicalName());
        ImageSpec spec;
        try {
            spec = Json.reader().readValue(json, ImageSpec.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException(where.toString(), Json.describe(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SpecLoader.resolve(spec, where, Path.of("/"), BaseImageResolver.none(), closures, null);
    }
}
