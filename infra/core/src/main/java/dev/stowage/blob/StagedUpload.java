package dev.stowage.blob;

import java.time.Instant;

/**
 * A write that has not (yet) become a blob: a temporary file or object, or an S3 multipart upload
 * ({@code uploadId} set). {@code name} is relative to the store's root and names no credentials.
 */
public record StagedUpload(String name, String uploadId, long size, Instant lastModified) {}
