package dev.stowage.publisher.daemon;

import dev.stowage.blob.BlobStore;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.Published;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.Platform;
import dev.stowage.publisher.output.DockerArchives;
import dev.stowage.publisher.output.OutputWriter;
import dev.stowage.publisher.output.StagedOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code docker-daemon:NAME[:TAG]} outputs: staged as a docker archive (one platform, RepoTags
 * NAME:TAG) in the temp directory, committed by loading it through the Docker Engine API. The
 * destination's digest is the loaded platform manifest's (the daemon's image ID is the config digest).
 */
public final class DaemonOutputWriter implements OutputWriter<ImageLocation.DockerDaemon> {
    private final BlobStore store;
    private final Platform platform;
    private final Supplier<DockerEngine> engine;

    public DaemonOutputWriter(BlobStore store, Platform platform, DockerEngine engine) {
        this(store, platform, () -> engine);
    }

    /**
     * With the engine resolved when an output is staged (e.g. {@code DockerEngine.fromVariables}),
     * so a bad {@code DOCKER_HOST} fails only builds that have a {@code docker-daemon:} output, as their bad input.
     */
    public DaemonOutputWriter(BlobStore store, Platform platform, Supplier<DockerEngine> engine) {
        this.store = store;
        this.platform = platform;
        this.engine = engine;
    }

    @Override
    public StagedOutput stage(IndexAssembled event, ImageLocation.DockerDaemon target, Map<Digest, Long> sizes) throws IOException {
        String repoTag = target.repoTag();
        DockerEngine daemon = engine.get();
        DockerArchives.Staged archive = DockerArchives.stageTemp(store, event, platform, List.of(repoTag), sizes);
        return new StagedOutput() {
            @Override
            public Published.Destination commit() throws IOException {
                try {
                    daemon.load(archive.file(), target.toString());
                } finally {
                    Files.deleteIfExists(archive.file());
                }
                return new Published.Destination(target, repoTag, archive.manifest());
            }

            @Override
            public void abort() {
                try {
                    Files.deleteIfExists(archive.file());
                } catch (IOException ignored) {
                    // a temp file; the system cleans its temp directory
                }
            }
        };
    }
}
