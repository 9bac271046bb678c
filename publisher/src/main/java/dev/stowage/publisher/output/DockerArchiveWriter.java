package dev.stowage.publisher.output;

import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.blob.BlobStore;
import dev.stowage.blob.DigestMismatchException;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.StoredImage;
import dev.stowage.publisher.archive.DockerArchiveManifest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@code docker load} / {@code skopeo copy docker-archive:} tar: each layer once as an
 * uncompressed {@code <diffID hex>/layer.tar} (decompressed while streaming and checked against
 * the config's diffID), each config as {@code <config hex>.json}, then {@code manifest.json}
 * listing every image. The archive is written to a sibling temp file and renamed into place
 * ({@link #write}), or staged for the caller to commit ({@link #stage}, {@link #stageTemp}).
 */
public final class DockerArchiveWriter {
    private final BlobStore store;
    private final LayerStreams layers;

    public DockerArchiveWriter(BlobStore store) {
        this.store = store;
        this.layers = new LayerStreams(store);
    }

    /**
     * Writes {@code images} into {@code file}. {@code uncompressedSizes} maps diffIDs to their
     * tar sizes (from {@code LayerBuilt}); a layer missing from it is decompressed once more to
     * count its bytes.
     */
    public void write(Path file, List<ArchiveImage> images, Map<Digest, Long> uncompressedSizes) throws IOException {
        Path tmp = stage(file, images, uncompressedSizes);
        try {
            AtomicFiles.moveInto(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes the archive into a hidden temp file next to {@code file} and returns it; the caller
     * renames it onto {@code file} (commit) or deletes it (abort). Nothing is left when writing fails.
     */
    public Path stage(Path file, List<ArchiveImage> images, Map<Digest, Long> uncompressedSizes) throws IOException {
        return writeTemp(AtomicFiles.siblingTemp(file, ".part"), images, uncompressedSizes);
    }

    /** As {@link #stage}, into a temp file of the system's temp directory (for archives sent elsewhere: stdout, a daemon). */
    public Path stageTemp(List<ArchiveImage> images, Map<Digest, Long> uncompressedSizes) throws IOException {
        return writeTemp(Files.createTempFile("stowage-archive-", ".tar"), images, uncompressedSizes);
    }

    private Path writeTemp(Path tmp, List<ArchiveImage> images, Map<Digest, Long> uncompressedSizes) throws IOException {
        try {
            if (images.isEmpty()) throw new IllegalArgumentException("a docker archive needs at least one image");
            for (ArchiveImage a : images) check(a.image());
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                    DeterministicTar tar = new DeterministicTar(os)) {
                writeEntries(tar, images, uncompressedSizes);
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private void writeEntries(DeterministicTar tar, List<ArchiveImage> images, Map<Digest, Long> sizes) throws IOException {
        Set<Digest> written = new HashSet<>();
        List<DockerArchiveManifest> manifest = new ArrayList<>();
        for (ArchiveImage a : images) {
            StoredImage image = a.image();
            List<Digest> diffIds = image.config().rootfs().diffIds();
            List<String> layerNames = new ArrayList<>();
            for (int i = 0; i < diffIds.size(); i++) {
                Digest diffId = diffIds.get(i);
                layerNames.add(diffId.hex() + "/layer.tar");
                if (written.add(diffId)) writeLayer(tar, image.manifest().layers().get(i), diffId, sizes.get(diffId));
            }
            Descriptor config = image.manifest().config();
            String configName = config.digest().hex() + ".json";
            if (written.add(config.digest())) {
                try (InputStream in = store.open(config.digest())) {
                    tar.file(configName, config.size(), in);
                }
            }
            manifest.add(new DockerArchiveManifest(configName, a.repoTags(), layerNames));
        }
        tar.file("manifest.json", Json.canonicalBytes(manifest));
    }

    private void writeLayer(DeterministicTar tar, Descriptor layer, Digest diffId, Long knownSize) throws IOException {
        long size = knownSize != null ? knownSize : layers.uncompressedSize(layer);
        MessageDigest sha = Digest.sha256();
        tar.directory(diffId.hex());
        try (InputStream in = new DigestInputStream(layers.openUncompressed(layer), sha)) {
            tar.file(diffId.hex() + "/layer.tar", size, in);
        }
        Digest actual = Digest.fromRaw(sha.digest());
        if (!actual.equals(diffId)) {
            throw new DigestMismatchException(diffId, actual, "uncompressed layer " + layer.digest() + " (diffID from the image config)");
        }
    }

    /** Fails before anything is written when a blob is missing or the config does not fit its manifest. */
    private void check(StoredImage image) throws IOException {
        int layerCount = image.manifest().layers().size();
        int diffIdCount = image.config().rootfs().diffIds().size();
        if (layerCount != diffIdCount) {
            throw new IOException("manifest " + image.descriptor().digest() + " has " + layerCount
                    + " layers but its config lists " + diffIdCount + " diff_ids");
        }
        for (Descriptor layer : image.manifest().layers()) {
            if (!store.exists(layer.digest())) throw new BlobNotFoundException(layer.digest(), store.describe());
        }
    }
}
