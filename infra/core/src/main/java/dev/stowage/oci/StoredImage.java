package dev.stowage.oci;

import java.util.Objects;

/**
 * One image read by a {@link StoredImageReader}: the descriptor naming its manifest (from the
 * index, with the platform the index gives it), the manifest and its config.
 */
public record StoredImage(Descriptor descriptor, ImageManifest manifest, ImageConfig config) {
    public StoredImage {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(config, "config");
    }

    /** The platform the index names for this image; null for a manifest read on its own. */
    public Platform platform() {
        return descriptor.platform();
    }
}
