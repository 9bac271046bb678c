package dev.stowage.publisher.output;

import dev.stowage.blob.BlobStore;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.Published;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.Platform;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code docker-archive:FILE} outputs: the archive is staged as a temp file next to FILE and renamed
 * onto it on commit. {@code docker-archive:-} stages into the system temp directory and streams the
 * file to {@code stdout} on commit (only when the publisher was given one).
 */
final class ArchiveOutputWriter implements OutputWriter<ImageLocation.DockerArchive> {
    private final BlobStore store;
    private final Platform platform;
    private final OutputStream stdout;

    ArchiveOutputWriter(BlobStore store, Platform platform, OutputStream stdout) {
        this.store = store;
        this.platform = platform;
        this.stdout = stdout;
    }

    @Override
    public StagedOutput stage(IndexAssembled event, ImageLocation.DockerArchive target, Map<Digest, Long> sizes) throws IOException {
        boolean toStdout = target.toStdout();
        if (toStdout && stdout == null) throw new UnsupportedOutputException(target, "this publisher has no standard output to stream to");
        List<String> repoTags = event.tags().stream().map(tag -> event.name() + ":" + tag).toList();
        ArchiveImage image = DockerArchives.choose(store, event, platform, repoTags);
        DockerArchiveWriter writer = new DockerArchiveWriter(store);
        Path file = toStdout ? null : Path.of(target.path());
        Path tmp = toStdout ? writer.stageTemp(List.of(image), sizes) : writer.stage(file, List.of(image), sizes);
        return new StagedOutput() {
            @Override
            public Published.Destination commit() throws IOException {
                try {
                    if (toStdout) {
                        Files.copy(tmp, stdout);
                        stdout.flush();
                    } else {
                        AtomicFiles.moveInto(tmp, file);
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
                return new Published.Destination(target, event.name() + ":" + event.tag(), image.image().descriptor().digest());
            }

            @Override
            public void abort() {
                AtomicFiles.deleteQuietly(tmp);
            }

            @Override
            public boolean local() {
                return !toStdout;
            }
        };
    }
}
