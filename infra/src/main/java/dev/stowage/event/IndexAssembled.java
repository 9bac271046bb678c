package dev.stowage.event;

import dev.stowage.oci.Descriptor;
import java.util.List;

/** Every platform is assembled and the image index is in the blob store: ready to publish. */
public record IndexAssembled(
        EventHeader header, String name, String tag, Descriptor index, List<OutputTarget> outputs) implements StowageEvent {

    public IndexAssembled {
        outputs = List.copyOf(outputs);
    }

    @Override
    public String partitionKey() {
        return buildId();
    }

    @Override
    public String idempotencyKey() {
        return "index-assembled/" + buildId();
    }
}
