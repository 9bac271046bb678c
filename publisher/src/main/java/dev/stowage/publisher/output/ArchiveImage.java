package dev.stowage.publisher.output;

import dev.stowage.oci.StoredImage;
import java.util.List;

/** One image of a docker archive and the {@code name:tag} references it is loaded under. */
public record ArchiveImage(StoredImage image, List<String> repoTags) {
    public ArchiveImage {
        repoTags = List.copyOf(repoTags);
    }
}
