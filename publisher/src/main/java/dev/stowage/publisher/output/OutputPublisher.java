package dev.stowage.publisher.output;

import dev.stowage.blob.BlobStore;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.OutputTarget;
import dev.stowage.event.Published;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an assembled image to each of its outputs, one {@link OutputWriter} per transport.
 * Built in: {@code oci:DIR} and {@code docker-archive:FILE}; {@code docker://} is plugged in with
 * {@link #with} ({@link RegistryOutputWriter}). A transport without a writer is refused with
 * {@link UnsupportedOutputException} before anything is written. Every output is staged
 * ({@link OutputWriter#stage}: registry content by digest) before any is written (files, tags). A docker archive holds one
 * platform: {@code archivePlatform}, or the only one the image has. Every tag of the event is
 * written (layout entries, archive RepoTags); a destination's reference names the primary tag.
 */
public final class OutputPublisher {
    private final Map<OutputTarget.Transport, OutputWriter> writers;

    /** @param archivePlatform the platform docker archives get; null when the image has one platform */
    public OutputPublisher(BlobStore store, Platform archivePlatform) {
        this(fileWriters(store, archivePlatform));
    }

    private OutputPublisher(Map<OutputTarget.Transport, OutputWriter> writers) {
        this.writers = writers;
    }

    /** A publisher that also (or instead) writes {@code transport} outputs with {@code writer}. */
    public OutputPublisher with(OutputTarget.Transport transport, OutputWriter writer) {
        Map<OutputTarget.Transport, OutputWriter> copy = new EnumMap<>(writers);
        copy.put(transport, writer);
        return new OutputPublisher(copy);
    }

    public List<Published.Destination> publish(IndexAssembled event) throws IOException {
        return publish(event, Map.of());
    }

    /** As {@link #publish(IndexAssembled)}, with known uncompressed layer sizes by diffID (saves a pass per layer). */
    public List<Published.Destination> publish(IndexAssembled event, Map<Digest, Long> uncompressedSizes) throws IOException {
        for (OutputTarget t : event.outputs()) {
            if (!writers.containsKey(t.transport())) {
                throw new UnsupportedOutputException(t, "no writer for " + t.transport().name().toLowerCase(java.util.Locale.ROOT)
                        + " outputs in this publisher");
            }
        }
        for (OutputTarget t : event.outputs()) writers.get(t.transport()).stage(event, t);
        List<Published.Destination> out = new ArrayList<>();
        for (OutputTarget t : event.outputs()) {
            out.add(writers.get(t.transport()).write(event, t, uncompressedSizes));
        }
        return out;
    }

    private static Map<OutputTarget.Transport, OutputWriter> fileWriters(BlobStore store, Platform archivePlatform) {
        Map<OutputTarget.Transport, OutputWriter> m = new EnumMap<>(OutputTarget.Transport.class);
        m.put(OutputTarget.Transport.OCI, (event, t, sizes) -> {
            new OciLayoutWriter(store).write(Path.of(t.location()), event.index(), event.tags(), event.referrers());
            return new Published.Destination(t, "oci:" + t.location() + ":" + event.tag(), event.index().digest());
        });
        m.put(OutputTarget.Transport.DOCKER_ARCHIVE, (event, t, sizes) -> {
            ImageReader reader = new ImageReader(store);
            Descriptor manifest = PlatformChooser.choose(reader.index(event.index()).manifests(), archivePlatform);
            String ref = event.name() + ":" + event.tag();
            List<String> repoTags = event.tags().stream().map(tag -> event.name() + ":" + tag).toList();
            ArchiveImage image = new ArchiveImage(reader.platformImage(manifest), repoTags);
            new DockerArchiveWriter(store).write(Path.of(t.location()), List.of(image), sizes);
            return new Published.Destination(t, ref, manifest.digest());
        });
        return m;
    }
}
