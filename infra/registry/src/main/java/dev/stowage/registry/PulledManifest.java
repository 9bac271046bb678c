package dev.stowage.registry;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;

/** A manifest or index as the registry served it: its media type, exact bytes and their digest. */
public record PulledManifest(String mediaType, byte[] bytes, Digest digest) {
    public PulledManifest {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** An OCI index or a Docker manifest list: it names one manifest per platform. */
    public boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }

    /** The descriptor of what was served: its media type, digest and size. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, bytes.length);
    }
}
