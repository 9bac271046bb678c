package dev.stowage.event;

import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageLocation;
import java.util.List;

/** The image was written to every output; {@code destinations} say what went where. */
public record Published(EventHeader header, Digest index, List<Destination> destinations) implements StowageEvent {

    /**
     * One output: where it went, the digest of what it holds there (index or manifest) and, where
     * it differs by output, that document's media type (a registry that refused the OCI index holds
     * a Docker manifest list; null when not recorded).
     */
    public record Destination(ImageLocation target, String reference, Digest digest, String mediaType) {
        public Destination(ImageLocation target, String reference, Digest digest) {
            this(target, reference, digest, null);
        }
    }

    public Published {
        destinations = List.copyOf(destinations);
    }

    @Override
    public String partitionKey() {
        return buildId();
    }

    @Override
    public String idempotencyKey() {
        return "published/" + buildId();
    }
}
