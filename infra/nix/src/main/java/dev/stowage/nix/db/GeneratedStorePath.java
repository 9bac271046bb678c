package dev.stowage.nix.db;

import dev.stowage.nix.GeneratedTree;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import java.util.Objects;
import java.util.Optional;

/**
 * A content-addressed store path Stowage makes itself: its files ({@code tree}, to be written at
 * {@code info.path()} in the image), its registration and its {@code ca} assertion.
 */
public record GeneratedStorePath(PathInfo info, String contentAddress, GeneratedTree tree) {
    public GeneratedStorePath {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(contentAddress, "contentAddress");
        Objects.requireNonNull(tree, "tree");
    }

    public StorePath path() {
        return info.path();
    }

    public ValidPath validPath() {
        return new ValidPath(info, Optional.of(contentAddress));
    }
}
