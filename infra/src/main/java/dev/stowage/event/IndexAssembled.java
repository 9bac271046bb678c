package dev.stowage.event;

import dev.stowage.oci.Descriptor;
import java.util.List;

/** Every platform is assembled and the image index is in the blob store: ready to publish. */
public record IndexAssembled(
        EventHeader header, String name, String tag, Descriptor index, List<OutputTarget> outputs, List<String> tags)
        implements StowageEvent {

    public IndexAssembled(EventHeader header, String name, String tag, Descriptor index, List<OutputTarget> outputs) {
        this(header, name, tag, index, outputs, List.of(tag));
    }

    /** {@code tag} is the primary tag (the index's ref.name); {@code tags} every tag to publish, the primary first. */
    public IndexAssembled {
        outputs = List.copyOf(outputs);
        tags = tags == null || tags.isEmpty() ? List.of(tag) : List.copyOf(tags);
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
