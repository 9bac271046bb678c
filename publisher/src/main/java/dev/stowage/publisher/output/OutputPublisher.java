package dev.stowage.publisher.output;

import dev.stowage.blob.BlobStore;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.OutputTarget;
import dev.stowage.event.Published;
import dev.stowage.oci.Digest;
import dev.stowage.oci.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes an assembled image to each of its file outputs ({@code oci:DIR}, {@code docker-archive:FILE}).
 * Registry outputs ({@code docker://}) are refused with {@link UnsupportedOutputException}; they
 * belong to the registry client. A docker archive holds one platform: {@code archivePlatform},
 * or the only one the image has.
 */
public final class OutputPublisher {
    private final BlobStore store;
    private final Platform archivePlatform;

    /** @param archivePlatform the platform docker archives get; null when the image has one platform */
    public OutputPublisher(BlobStore store, Platform archivePlatform) {
        this.store = store;
        this.archivePlatform = archivePlatform;
    }

    public List<Published.Destination> publish(IndexAssembled event) throws IOException {
        return publish(event, Map.of());
    }

    /** As {@link #publish(IndexAssembled)}, with known uncompressed layer sizes by diffID (saves a pass per layer). */
    public List<Published.Destination> publish(IndexAssembled event, Map<Digest, Long> uncompressedSizes) throws IOException {
        for (OutputTarget t : event.outputs()) {
            if (t.transport() == OutputTarget.Transport.DOCKER) {
                throw new UnsupportedOutputException(t, "registry outputs are not supported by the file publisher");
            }
        }
        List<Published.Destination> out = new ArrayList<>();
        for (OutputTarget t : event.outputs()) {
            out.add(switch (t.transport()) {
                case OCI -> writeLayout(event, t);
                case DOCKER_ARCHIVE -> writeArchive(event, t, uncompressedSizes);
                case DOCKER -> throw new IllegalStateException("checked above");
            });
        }
        return out;
    }

    private Published.Destination writeLayout(IndexAssembled event, OutputTarget t) throws IOException {
        new OciLayoutWriter(store).write(Path.of(t.location()), event.index(), event.tag());
        return new Published.Destination(t, "oci:" + t.location() + ":" + event.tag(), event.index().digest());
    }

    private Published.Destination writeArchive(IndexAssembled event, OutputTarget t, Map<Digest, Long> sizes) throws IOException {
        ImageReader reader = new ImageReader(store);
        var manifest = PlatformChooser.choose(reader.index(event.index()).manifests(), archivePlatform);
        PlatformImage image = reader.platformImage(manifest);
        String ref = event.name() + ":" + event.tag();
        new DockerArchiveWriter(store).write(Path.of(t.location()), List.of(new ArchiveImage(image, List.of(ref))), sizes);
        return new Published.Destination(t, ref, manifest.digest());
    }
}
