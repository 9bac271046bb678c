package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.blob.BlobStores;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.blob.s3.S3BlobStore;
import dev.stowage.error.BadInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Where the embedded mode keeps its state unless told otherwise: under {@code stateDir} ({@link Environment#defaults()}). */
record Defaults(Path stateDir) {

    Path blobStore() {
        return stateDir.resolve("blobs");
    }

    /** The blob store at {@code url} ({@code DIR}, {@code file:DIR}, {@code s3://…}), or the default folder. */
    BlobStore openBlobStore(String url) throws IOException {
        return openBlobStore(url, S3BlobStore.DEFAULT_RETRY_WINDOW);
    }

    /** The same, an S3 store retrying each call for up to {@code retryWindow} (a build's {@code --outage-timeout}, at most the default). */
    BlobStore openBlobStore(String url, Duration retryWindow) throws IOException {
        if (url == null) return new FileSystemBlobStore(blobStore());
        try {
            return BlobStores.open(url, retryWindow);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--blob-store", e.getMessage(), e);
        }
    }

    Path catalog() {
        return stateDir.resolve("catalog");
    }

    Path auditLog() {
        return stateDir.resolve("audit.jsonl");
    }

    Path logFile() {
        return stateDir.resolve("stowage.log");
    }
}
