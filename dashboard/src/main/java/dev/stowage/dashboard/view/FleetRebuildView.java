package dev.stowage.dashboard.view;

import java.time.Instant;
import java.util.List;

/**
 * A fleet rebuild: why ({@code change} or {@code build}), what the change was ({@code changes}:
 * {@code FROM -> TO} per replaced store path, {@code IMAGE: new roots …}; who sent it in {@code source}),
 * each image's outcome, and whether all finished.
 */
public record FleetRebuildView(String id, String reason, String state, Instant planned, Instant finished, List<String> changes,
        String source, List<Image> images) {
    public FleetRebuildView {
        changes = List.copyOf(changes);
        images = List.copyOf(images);
    }

    /**
     * One image of the rebuild: its build, its {@code outcome} ({@code planned}, {@code republished},
     * {@code unchanged} or {@code failed}), layers rebuilt and reused, bytes built, its new index.
     */
    public record Image(String image, String buildId, String outcome, int layersBuilt, int layersReused, long bytesBuilt,
            String index, String failure) {}
}
