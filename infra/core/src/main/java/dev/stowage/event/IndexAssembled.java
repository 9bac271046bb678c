package dev.stowage.event;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageLocation;
import java.util.List;

/** Every platform is assembled and the image index is in the blob store: ready to publish. */
public record IndexAssembled(
        EventHeader header, String name, String tag, Descriptor index, List<ImageLocation> outputs, List<String> tags,
        List<Descriptor> referrers) implements StowageEvent {

    public IndexAssembled(EventHeader header, String name, String tag, Descriptor index, List<ImageLocation> outputs) {
        this(header, name, tag, index, outputs, List.of(tag), List.of());
    }

    public IndexAssembled(EventHeader header, String name, String tag, Descriptor index, List<ImageLocation> outputs, List<String> tags) {
        this(header, name, tag, index, outputs, tags, List.of());
    }

    /**
     * {@code tag} is the primary tag (the index's ref.name); {@code tags} every tag to publish, the
     * primary first; {@code referrers} the artifact manifests attached to the image (SBOMs,
     * provenance), each with its {@code artifactType}, to publish after the image.
     */
    public IndexAssembled {
        outputs = List.copyOf(outputs);
        referrers = referrers == null ? List.of() : List.copyOf(referrers);
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
