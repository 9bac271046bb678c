package dev.stowage.publisher.output;

import java.util.List;

/** One image of a docker archive and the {@code name:tag} references it is loaded under. */
public record ArchiveImage(PlatformImage image, List<String> repoTags) {
    public ArchiveImage {
        repoTags = List.copyOf(repoTags);
    }
}
