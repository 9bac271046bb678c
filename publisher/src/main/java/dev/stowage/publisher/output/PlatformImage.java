package dev.stowage.publisher.output;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.Platform;

/** One platform's image as read from the blob store: its manifest descriptor, manifest and config. */
public record PlatformImage(Descriptor manifestDescriptor, ImageManifest manifest, ImageConfig config) {

    public Platform platform() {
        return manifestDescriptor.platform();
    }
}
