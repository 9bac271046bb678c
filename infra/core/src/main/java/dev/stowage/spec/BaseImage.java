package dev.stowage.spec;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageConfig;
import java.util.List;

/**
 * A base image resolved for one platform: where it came from, the digest of its manifest (the
 * pin), its layers (blobs already in the blob store, with their diffIDs) and its config.
 */
public record BaseImage(String reference, Digest manifest, List<Layer> layers, ImageConfig config) {
    public record Layer(Descriptor blob, Digest diffId) {}

    public BaseImage {
        layers = List.copyOf(layers);
        if (layers.size() != config.rootfs().diffIds().size()) {
            throw new IllegalArgumentException("base image " + reference + ": " + layers.size() + " layers but "
                    + config.rootfs().diffIds().size() + " diff_ids in its config");
        }
    }
}
