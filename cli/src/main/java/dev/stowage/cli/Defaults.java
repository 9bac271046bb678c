package dev.stowage.cli;

import java.nio.file.Path;

/** Where the embedded mode keeps its state unless told otherwise. */
final class Defaults {
    private Defaults() {}

    static Path stateDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("stowage");
    }

    static Path blobStore() {
        return stateDir().resolve("blobs");
    }

    /** The blob store at {@code url} ({@code DIR}, {@code file:DIR}, {@code s3://…}), or the default folder. */
    static dev.stowage.blob.BlobStore openBlobStore(String url) throws java.io.IOException {
        if (url == null) return new dev.stowage.blob.FileSystemBlobStore(blobStore());
        try {
            return dev.stowage.blob.BlobStores.open(url);
        } catch (IllegalArgumentException e) {
            throw new dev.stowage.error.BadInputException("--blob-store", e.getMessage(), e);
        }
    }

    static Path catalog() {
        return stateDir().resolve("catalog");
    }

    static Path auditLog() {
        return stateDir().resolve("audit.jsonl");
    }
}
