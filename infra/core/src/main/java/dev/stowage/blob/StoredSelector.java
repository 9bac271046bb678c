package dev.stowage.blob;

import dev.stowage.oci.Digest;
import java.time.Instant;

/** A selector as a store lists it: its key and when it was last written (read its target with {@link BlobStore#readSelector}). */
public record StoredSelector(Digest selector, Instant lastModified) {}
