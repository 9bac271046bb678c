package dev.stowage.publisher.registrycache;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.StoredImage;
import java.util.List;
import java.util.Objects;

/**
 * An image index a registry reference points at, with what Stowage attached to it: the index's
 * descriptor, its referrers (from the referrers tag), the provenance statement's bytes, and per
 * platform the manifest (its descriptor from the index, with the platform) and config as the
 * registry holds them. Read by {@link PublishedBuildReader}.
 */
public record PublishedBuild(Descriptor index, List<Descriptor> referrers, byte[] provenance, List<StoredImage> images) {

    public PublishedBuild {
        Objects.requireNonNull(index, "index");
        referrers = List.copyOf(referrers);
        provenance = provenance.clone();
        images = List.copyOf(images);
    }

    @Override
    public byte[] provenance() {
        return provenance.clone();
    }

    public Digest digest() {
        return index.digest();
    }
}
