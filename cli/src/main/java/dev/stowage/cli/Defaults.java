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

    static Path auditLog() {
        return stateDir().resolve("audit.jsonl");
    }
}
