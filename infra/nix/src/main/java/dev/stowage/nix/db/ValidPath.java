package dev.stowage.nix.db;

import dev.stowage.nix.PathInfo;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of Nix's {@code ValidPaths} table: the path's NAR hash, size and references, and, for a
 * content-addressed path Stowage generated, its {@code ca} assertion (e.g. {@code text:sha256:…}).
 */
public record ValidPath(PathInfo info, Optional<String> contentAddress) {
    public ValidPath {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(contentAddress, "contentAddress");
    }

    /** A path of the closure: input-addressed as far as Stowage knows, so no {@code ca}. */
    public static ValidPath of(PathInfo info) {
        return new ValidPath(info, Optional.empty());
    }
}
