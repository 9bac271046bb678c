package dev.stowage.event;

/** Every image of a fleet rebuild (header build id) finished; the totals of its {@link FleetImageRebuilt} events. */
public record FleetRebuildFinished(EventHeader header, int images, int republished, int failed, int layersBuilt,
        int layersReused, long bytesBuilt) implements StowageEvent {

    @Override
    public String partitionKey() {
        return buildId();
    }

    @Override
    public String idempotencyKey() {
        return "fleet-rebuild-finished/" + buildId();
    }
}
