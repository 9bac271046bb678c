package dev.stowage.event;

import java.util.List;

/**
 * A fleet rebuild (header build id = fleet rebuild id) requests one build per affected image;
 * {@code images} is empty when no image contains a changed path. {@code reason} is {@code change}
 * (a {@link StorePathsChanged}) or {@code build} (the whole catalog on request).
 */
public record FleetRebuildPlanned(EventHeader header, String reason, List<PlannedImage> images) implements StowageEvent {

    /** Image {@code image} is rebuilt as build {@code buildId}. */
    public record PlannedImage(String image, String buildId) {
        public PlannedImage {
            BuildIds.check(buildId);
        }
    }

    public FleetRebuildPlanned {
        images = List.copyOf(images);
    }

    @Override
    public String partitionKey() {
        return buildId();
    }

    @Override
    public String idempotencyKey() {
        return "fleet-rebuild-planned/" + buildId();
    }
}
