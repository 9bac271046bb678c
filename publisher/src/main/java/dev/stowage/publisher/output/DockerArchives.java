package dev.stowage.publisher.output;

import dev.stowage.blob.BlobStore;
import dev.stowage.event.IndexAssembled;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.DocumentSource;
import dev.stowage.oci.Platform;
import dev.stowage.oci.StoredImageReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A docker archive of one assembled image written to a temp file, for outputs that send it elsewhere (a daemon). */
public final class DockerArchives {
    private DockerArchives() {}

    /** The temp archive and the platform manifest it holds. */
    public record Staged(Path file, Digest manifest) {}

    /** Writes the chosen platform of {@code event} with {@code repoTags} into a temp file; the caller deletes it. */
    public static Staged stageTemp(BlobStore store, IndexAssembled event, Platform platform, List<String> repoTags,
            Map<Digest, Long> sizes) throws IOException {
        ArchiveImage image = choose(store, event, platform, repoTags);
        Path file = new DockerArchiveWriter(store).stageTemp(List.of(image), sizes);
        return new Staged(file, image.image().descriptor().digest());
    }

    static ArchiveImage choose(BlobStore store, IndexAssembled event, Platform platform, List<String> repoTags) throws IOException {
        StoredImageReader reader = StoredImageReader.ours(DocumentSource.of(store));
        Descriptor manifest = PlatformChooser.choose(reader.index(event.index()).manifests(), platform);
        return new ArchiveImage(reader.image(manifest), repoTags);
    }
}
