package dev.stowage.worker;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;

/** A layer in the blob store: its diffID (digest of the tar), the tar's size and the blob's descriptor. */
public record BuiltLayer(Digest diffId, long uncompressedSize, Descriptor blob) {}
