package dev.stowage.event;

import dev.stowage.oci.Platform;
import java.util.regex.Pattern;

/**
 * Topic names. One topic per event kind, except layer tasks: one topic per platform, so a worker
 * pool for one architecture subscribes to exactly its tasks. Dead letters go to {@code <topic>.dlq}.
 */
public final class Topics {
    public static final String PREFIX = "stowage.";
    public static final String BUILD_REQUESTED = PREFIX + "build-requested";
    public static final String LAYER_TASK_PREFIX = PREFIX + "layer-task.";
    public static final String LAYER_BUILT = PREFIX + "layer-built";
    public static final String IMAGE_ASSEMBLED = PREFIX + "image-assembled";
    public static final String INDEX_ASSEMBLED = PREFIX + "index-assembled";
    public static final String PUBLISHED = PREFIX + "published";
    public static final String BUILD_FAILED = PREFIX + "build-failed";
    public static final String STORE_PATHS_CHANGED = PREFIX + "store-paths-changed";
    public static final String FLEET_REBUILD = PREFIX + "fleet-rebuild";
    public static final String DLQ_SUFFIX = ".dlq";

    private Topics() {}

    public static String of(StowageEvent e) {
        if (e instanceof BuildRequested) return BUILD_REQUESTED;
        if (e instanceof LayerTask t) return layerTasks(t.platform());
        if (e instanceof LayerBuilt) return LAYER_BUILT;
        if (e instanceof ImageAssembled) return IMAGE_ASSEMBLED;
        if (e instanceof IndexAssembled) return INDEX_ASSEMBLED;
        if (e instanceof Published) return PUBLISHED;
        if (e instanceof BuildFailed) return BUILD_FAILED;
        if (e instanceof StorePathsChanged) return STORE_PATHS_CHANGED;
        if (e instanceof FleetRebuildPlanned || e instanceof FleetImageRebuilt || e instanceof FleetRebuildFinished) return FLEET_REBUILD;
        throw new IllegalArgumentException("no topic for " + e.getClass());
    }

    public static String layerTasks(Platform platform) {
        return LAYER_TASK_PREFIX + platform.slug();
    }

    public static String deadLetters(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** A pattern matching exactly the given topic names. */
    public static Pattern exactly(String... topics) {
        StringBuilder sb = new StringBuilder();
        for (String t : topics) {
            if (sb.length() > 0) sb.append('|');
            sb.append(Pattern.quote(t));
        }
        return Pattern.compile(sb.toString());
    }

    /** Every platform's layer-task topic, or only the given platform's. */
    public static Pattern layerTaskPattern(Platform onlyOrNull) {
        return onlyOrNull == null
                ? Pattern.compile(Pattern.quote(LAYER_TASK_PREFIX) + "[a-z0-9_-]+")
                : exactly(layerTasks(onlyOrNull));
    }
}
