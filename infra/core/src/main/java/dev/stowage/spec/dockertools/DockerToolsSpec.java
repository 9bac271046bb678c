package dev.stowage.spec.dockertools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.ContainerConfig;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.Platform;
import dev.stowage.spec.CacheSource;
import dev.stowage.spec.ExplicitLayer;
import dev.stowage.spec.ImageSpec;
import dev.stowage.spec.PlatformSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a dockerTools {@code conf.json} to an image spec: {@code store_layers} become explicit
 * layers in their order (so the grouping is exactly nixpkgs'), {@code repo_tag} the name and tag,
 * {@code architecture} the one platform. (The customisation layer's tar is attached to the
 * resolved platform by {@link DockerToolsLoader}.)
 * What Stowage cannot honour is refused with the field's name ({@link Refused}).
 */
public final class DockerToolsSpec {
    /** A field of the conf that cannot be honoured. */
    public static final class Refused extends RuntimeException {
        private final String field;

        Refused(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private DockerToolsSpec() {}

    /** Where the closure's narHash, narSize and references come from: a path-info file or a binary cache. */
    public record ClosureSource(String closureFile, CacheSource cache) {}

    /** The spec of {@code conf}; {@code fromImageFile} is where its {@code from_image} archive is on disk (null without one). */
    public static ImageSpec of(DockerToolsConf conf, ClosureSource closure, String fromImageFile) {
        String storeDir = conf.storeDir() == null ? ImageSpec.DEFAULT_STORE_DIR : conf.storeDir();
        Platform platform = platform(conf);
        if (conf.os() != null && !conf.os().equals("linux")) throw new Refused("os", "'" + conf.os() + "': stream_layered_image.py writes linux images only");
        requireOwner(conf.uid(), "uid");
        requireOwner(conf.gid(), "gid");
        requireRoot(conf.uname(), "uname");
        requireRoot(conf.gname(), "gname");
        if (conf.created() == null) throw new Refused("created", "is required");
        Instant created = time(conf.created(), "created");
        Instant mtime = conf.mtime() == null ? created : time(conf.mtime(), "mtime");
        List<ExplicitLayer> layers = layers(conf.storeLayers(), storeDir);
        List<StorePath> roots = layers.stream().flatMap(l -> l.paths().stream()).toList();
        if (conf.customisationLayer() == null) throw new Refused("customisation_layer", "is required");
        if (conf.repoTag() == null) throw new Refused("repo_tag", "is required");
        int colon = conf.repoTag().lastIndexOf(':');
        if (colon <= conf.repoTag().lastIndexOf('/')) throw new Refused("repo_tag", "'" + conf.repoTag() + "' is not NAME:TAG");
        String name = conf.repoTag().substring(0, colon);
        String tag = conf.repoTag().substring(colon + 1);
        String fromImage = fromImageFile == null ? null : ImageLocation.DOCKER_ARCHIVE + fromImageFile;
        PlatformSpec ps = new PlatformSpec(platform, closure.cache() == null ? closure.closureFile() : null, roots, null, layers, closure.cache());
        ContainerConfig config = conf.config() == null ? ContainerConfig.empty() : conf.config();
        try {
            return new ImageSpec(name, tag, null, Math.max(2, layers.size() + 1), created, mtime, null, null, storeDir, null, null,
                    true, fromImage, config, null, null, null, null, null, null, null, null, null, null, List.of(ps));
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            if (m.startsWith("name") || m.startsWith("tag")) throw new Refused("repo_tag", m);
            if (m.startsWith("storeDir")) throw new Refused("store_dir", m);
            throw new Refused("conf", m);
        }
    }

    private static Platform platform(DockerToolsConf conf) {
        if (conf.architecture() == null) throw new Refused("architecture", "is required (a GOARCH name such as amd64 or arm64)");
        try {
            return Platform.parse("linux/" + conf.architecture());
        } catch (IllegalArgumentException e) {
            throw new Refused("architecture", e.getMessage());
        }
    }

    private static List<ExplicitLayer> layers(List<List<String>> storeLayers, String storeDir) {
        if (storeLayers == null) throw new Refused("store_layers", "is required");
        if (storeLayers.isEmpty()) {
            throw new Refused("store_layers", "is empty (includeStorePaths = false): Stowage needs the store paths the image refers to");
        }
        Map<StorePath, Integer> seen = new HashMap<>();
        List<ExplicitLayer> layers = new ArrayList<>();
        for (int i = 0; i < storeLayers.size(); i++) {
            List<String> layer = storeLayers.get(i);
            if (layer == null || layer.isEmpty()) throw new Refused("store_layers[" + i + "]", "is empty");
            Set<StorePath> paths = new LinkedHashSet<>();
            for (int j = 0; j < layer.size(); j++) {
                String field = "store_layers[" + i + "][" + j + "]";
                StorePath p;
                try {
                    p = StorePath.parse(layer.get(j));
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new Refused(field, e.getMessage() == null ? "is not a store path" : e.getMessage());
                }
                if (!p.storeDir().equals(storeDir)) throw new Refused(field, p + " is not in store_dir " + storeDir);
                Integer earlier = seen.putIfAbsent(p, i);
                if (earlier != null) throw new Refused(field, p + " is already in store_layers[" + earlier + "]");
                paths.add(p);
            }
            layers.add(new ExplicitLayer(List.copyOf(paths), null));
        }
        return layers;
    }

    private static Instant time(String text, String field) {
        if (text.equals("now")) throw new Refused(field, "\"now\" is not reproducible; Stowage never reads the clock (give a fixed time)");
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw new Refused(field, "'" + text + "' is not an ISO-8601 time such as 1970-01-01T00:00:01+00:00");
            }
        }
    }

    /** nixpkgs writes uid/gid as strings ("0"), the script reads them with int(). Stowage owns store paths by 0:0. */
    private static void requireOwner(JsonNode value, String field) {
        if (value == null || value.isNull()) return;
        long id;
        if (value.isIntegralNumber()) {
            id = value.asLong();
        } else if (value.isTextual() && value.asText().strip().matches("-?[0-9]{1,10}")) {
            id = Long.parseLong(value.asText().strip());
        } else {
            throw new Refused(field, "wrong type, expected an integer (or its text), got " + value);
        }
        if (id != 0) throw new Refused(field, id + ": Stowage writes store paths owned by 0:0 (root); only 0 is supported");
    }

    private static void requireRoot(String value, String field) {
        if (value != null && !value.equals("root")) {
            throw new Refused(field, "'" + value + "': Stowage writes store paths owned by root:root; only \"root\" is supported");
        }
    }
}
