package dev.stowage.blob;

import dev.stowage.oci.Digest;

/** A stored blob: its digest and size in bytes. */
public record BlobRef(Digest digest, long size) {}
