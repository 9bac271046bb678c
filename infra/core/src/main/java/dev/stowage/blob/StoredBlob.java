package dev.stowage.blob;

import dev.stowage.oci.Digest;
import java.time.Instant;

/** A blob as a store lists it: digest, size in bytes and when it was last written. */
public record StoredBlob(Digest digest, long size, Instant lastModified) {}
