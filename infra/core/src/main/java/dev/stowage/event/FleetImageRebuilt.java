package dev.stowage.event;

import dev.stowage.oci.Digest;

/**
 * One image of a fleet rebuild (header build id = fleet rebuild id) finished: how many layers were
 * built and how many came from the layer cache, the compressed bytes of the built ones, and
 * whether it was republished (then {@code index} is its new index digest) or failed
 * ({@code failure} says why).
 */
public record FleetImageRebuilt(EventHeader header, String image, String imageBuildId, int layersBuilt, int layersReused,
        long bytesBuilt, boolean republished, Digest index, String failure) implements StowageEvent {

    public FleetImageRebuilt {
        BuildIds.check(imageBuildId);
    }

    @Override
    public String partitionKey() {
        return buildId();
    }

    @Override
    public String idempotencyKey() {
        return "fleet-image-rebuilt/" + buildId() + "/" + imageBuildId;
    }
}
