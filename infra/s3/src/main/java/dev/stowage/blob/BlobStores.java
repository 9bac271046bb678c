package dev.stowage.blob;

import dev.stowage.blob.s3.S3BlobStore;
import dev.stowage.blob.s3.S3Location;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Opens a blob store from its URL: {@code file:DIR} (or a plain path) or {@code s3://bucket/prefix?endpoint=…&region=…}. */
public final class BlobStores {
    private BlobStores() {}

    public static BlobStore open(String url) throws IOException {
        return open(url, S3BlobStore.DEFAULT_RETRY_WINDOW);
    }

    /** The same, an S3 store retrying each call's transient failures for up to {@code retryWindow}. */
    public static BlobStore open(String url, Duration retryWindow) throws IOException {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("blob store URL is empty");
        if (url.startsWith("s3://")) return new S3BlobStore(S3Location.parse(url), retryWindow);
        if (url.startsWith("file:")) return new FileSystemBlobStore(Path.of(url.substring(5)));
        if (url.contains("://")) throw new IllegalArgumentException("unsupported blob store '" + url + "' (file:DIR or s3://bucket/prefix)");
        return new FileSystemBlobStore(Path.of(url));
    }
}
