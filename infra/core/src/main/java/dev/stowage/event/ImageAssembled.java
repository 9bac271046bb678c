package dev.stowage.event;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Platform;

/** One platform's config and manifest are in the blob store. */
public record ImageAssembled(EventHeader header, Platform platform, Descriptor manifest, Descriptor config)
        implements StowageEvent {

    @Override
    public String partitionKey() {
        return buildId();
    }

    @Override
    public String idempotencyKey() {
        return "image-assembled/" + buildId() + "/" + platform.slug();
    }
}
