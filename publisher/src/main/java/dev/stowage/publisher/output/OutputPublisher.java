package dev.stowage.publisher.output;

import dev.stowage.blob.BlobStore;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.Published;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.Platform;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an assembled image to each of its outputs, one {@link OutputWriter} per transport.
 * Built in: {@code oci:DIR} and {@code docker-archive:FILE}; {@code docker://} is plugged in with
 * {@link #with} ({@link RegistryOutputWriter}). A transport without a writer is refused with
 * {@link UnsupportedOutputException} before anything is written. Every output is staged
 * ({@link OutputWriter#stage}: temp files, registry content by digest) before any is committed
 * (renames, tags), so a failing output leaves every output as it was. A docker archive holds one
 * platform: {@code archivePlatform}, or the only one the image has. Every tag of the event is
 * written (layout entries, archive RepoTags); a destination's reference names the primary tag.
 */
public final class OutputPublisher {
    private final BlobStore store;
    private final Platform archivePlatform;
    /** What the refusal of a kind without a writer calls it. */
    private static final Map<Class<? extends ImageLocation>, String> KINDS = Map.of(ImageLocation.OciLayout.class, "oci",
            ImageLocation.DockerArchive.class, "docker_archive", ImageLocation.Registry.class, "docker", ImageLocation.DockerDaemon.class, "docker_daemon");
    private final Map<Class<? extends ImageLocation>, Binding<?>> writers;

    /** A writer with the kind of location it takes. */
    private record Binding<L extends ImageLocation>(Class<L> kind, OutputWriter<L> writer) {
        StagedOutput stage(IndexAssembled event, ImageLocation target, Map<Digest, Long> sizes) throws IOException {
            return writer.stage(event, kind.cast(target), sizes);
        }
    }

    /** @param archivePlatform the platform docker archives get; null when the image has one platform */
    public OutputPublisher(BlobStore store, Platform archivePlatform) {
        this(store, archivePlatform, fileWriters(store, archivePlatform));
    }

    private OutputPublisher(BlobStore store, Platform archivePlatform, Map<Class<? extends ImageLocation>, Binding<?>> writers) {
        this.store = store;
        this.archivePlatform = archivePlatform;
        this.writers = writers;
    }

    /** A publisher that also (or instead) writes {@code kind} outputs with {@code writer}. */
    public <L extends ImageLocation> OutputPublisher with(Class<L> kind, OutputWriter<L> writer) {
        Map<Class<? extends ImageLocation>, Binding<?>> copy = new HashMap<>(writers);
        copy.put(kind, new Binding<>(kind, writer));
        return new OutputPublisher(store, archivePlatform, copy);
    }

    /**
     * A publisher that streams {@code docker-archive:-} outputs to {@code stdout} (the CLI's standard
     * output; nothing else may write there then).
     */
    public OutputPublisher withStdout(OutputStream stdout) {
        return with(ImageLocation.DockerArchive.class, new ArchiveOutputWriter(store, archivePlatform, stdout));
    }

    public List<Published.Destination> publish(IndexAssembled event) throws IOException {
        return publish(event, Map.of());
    }

    /**
     * As {@link #publish(IndexAssembled)}, with known uncompressed layer sizes by diffID (saves a pass
     * per layer). All or nothing: every output is staged first; if one fails, every staged one is
     * aborted and no output is created or changed. Then outputs that reach other systems (registry
     * tags, daemon loads, stdout) are committed, in {@code --out} order, and the local renames last;
     * a failing commit aborts the outputs not committed yet (one already committed elsewhere stays).
     */
    public List<Published.Destination> publish(IndexAssembled event, Map<Digest, Long> uncompressedSizes) throws IOException {
        for (ImageLocation t : event.outputs()) {
            if (!writers.containsKey(t.getClass())) {
                throw new UnsupportedOutputException(t, "no writer for " + KINDS.get(t.getClass()) + " outputs in this publisher");
            }
        }
        List<StagedOutput> staged = new ArrayList<>();
        try {
            for (ImageLocation t : event.outputs()) staged.add(writers.get(t.getClass()).stage(event, t, uncompressedSizes));
        } catch (IOException | RuntimeException e) {
            staged.forEach(StagedOutput::abort);
            throw e;
        }
        Published.Destination[] out = new Published.Destination[staged.size()];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < staged.size(); i++) if (!staged.get(i).local()) order.add(i);
        for (int i = 0; i < staged.size(); i++) if (staged.get(i).local()) order.add(i);
        int next = 0;
        try {
            for (; next < order.size(); next++) out[order.get(next)] = staged.get(order.get(next)).commit();
        } catch (IOException | RuntimeException e) {
            for (int k = next + 1; k < order.size(); k++) staged.get(order.get(k)).abort();
            throw e;
        }
        return List.of(out);
    }

    private static Map<Class<? extends ImageLocation>, Binding<?>> fileWriters(BlobStore store, Platform archivePlatform) {
        return Map.of(ImageLocation.OciLayout.class, new Binding<>(ImageLocation.OciLayout.class, new LayoutOutputWriter(store)),
                ImageLocation.DockerArchive.class, new Binding<>(ImageLocation.DockerArchive.class, new ArchiveOutputWriter(store, archivePlatform, null)));
    }
}
