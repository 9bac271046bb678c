package dev.stowage.publisher.output;

import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.blob.BlobStore;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes an image into an OCI image layout directory ({@code oci-layout}, {@code blobs/sha256},
 * {@code index.json}). A new layout is built in a sibling temp directory and renamed into place;
 * an existing one gets its missing blobs first, then a new {@code index.json} by rename. Blobs
 * already present are not copied again, so writing the same image twice changes nothing.
 */
public final class OciLayoutWriter {
    static final String LAYOUT_FILE = "oci-layout";
    static final byte[] LAYOUT_JSON = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.US_ASCII);

    private final BlobStore store;
    private final ImageReader reader;

    public OciLayoutWriter(BlobStore store) {
        this.store = store;
        this.reader = new ImageReader(store);
    }

    /** Writes the image whose index is {@code imageIndex} into {@code dir} under {@code tag}. */
    public void write(Path dir, Descriptor imageIndex, String tag) throws IOException {
        write(dir, imageIndex, List.of(tag));
    }

    /** Writes the image into {@code dir} once, named by each of {@code tags} in {@code index.json}. */
    public void write(Path dir, Descriptor imageIndex, List<String> tags) throws IOException {
        write(dir, imageIndex, tags, List.of());
    }

    /**
     * As above, plus the artifacts attached to the image ({@code referrers}: SBOMs, provenance), as
     * untagged {@code index.json} entries carrying their {@code artifactType}, as OCI 1.1 layouts list them.
     */
    public void write(Path dir, Descriptor imageIndex, List<String> tags, List<Descriptor> referrers) throws IOException {
        if (tags.isEmpty()) throw new IllegalArgumentException("an OCI layout entry needs at least one tag");
        List<Descriptor> blobs = new java.util.ArrayList<>(reader.reachableBlobs(imageIndex));
        for (Descriptor r : referrers) blobs.addAll(reader.artifactBlobs(r));
        for (Descriptor b : blobs) {
            if (!store.exists(b.digest())) throw new BlobNotFoundException(b.digest(), store.describe());
        }
        if (Files.isRegularFile(dir.resolve(LAYOUT_FILE))) {
            updateExisting(dir, blobs, imageIndex, tags, referrers);
        } else if (!Files.exists(dir) || AtomicFiles.isEmptyDirectory(dir)) {
            writeNew(dir, blobs, withReferrers(withTags(LayoutIndex.empty(), imageIndex, tags), referrers));
        } else {
            throw new BadInputException("oci:" + dir, "exists and is not an OCI image layout (no " + LAYOUT_FILE + " file)");
        }
    }

    private static ImageIndex withTags(ImageIndex index, Descriptor imageIndex, List<String> tags) {
        ImageIndex out = index;
        for (String tag : tags) out = LayoutIndex.with(out, LayoutIndex.entry(imageIndex, tag));
        return out;
    }

    private void writeNew(Path dir, List<Descriptor> blobs, ImageIndex index) throws IOException {
        Path tmp = AtomicFiles.siblingTempDir(dir);
        try {
            Files.write(tmp.resolve(LAYOUT_FILE), LAYOUT_JSON);
            copyBlobs(tmp, blobs);
            Files.write(tmp.resolve("index.json"), Json.canonicalBytes(index));
            if (Files.isDirectory(dir)) Files.delete(dir);
            AtomicFiles.moveInto(tmp, dir);
        } finally {
            AtomicFiles.deleteQuietly(tmp);
        }
    }

    private static ImageIndex withReferrers(ImageIndex index, List<Descriptor> referrers) {
        List<Descriptor> entries = new java.util.ArrayList<>(index.manifests());
        for (Descriptor r : referrers) {
            if (entries.stream().noneMatch(e -> e.digest().equals(r.digest()))) entries.add(r);
        }
        return new ImageIndex(index.schemaVersion(), index.mediaType(), entries, index.annotations());
    }

    private void updateExisting(Path dir, List<Descriptor> blobs, Descriptor imageIndex, List<String> tags,
            List<Descriptor> referrers) throws IOException {
        Path indexFile = dir.resolve("index.json");
        ImageIndex existing = Files.exists(indexFile) ? readLayoutIndex(dir, indexFile) : LayoutIndex.empty();
        copyBlobs(dir, blobs);
        ImageIndex updated = withReferrers(withTags(existing, imageIndex, tags), referrers);
        if (updated.equals(existing) && Files.exists(indexFile)) return;
        Path tmp = AtomicFiles.siblingTemp(indexFile, ".part");
        try {
            Files.write(tmp, Json.canonicalBytes(updated));
            AtomicFiles.moveInto(tmp, indexFile);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static ImageIndex readLayoutIndex(Path dir, Path indexFile) throws IOException {
        try {
            return Json.mapper().readValue(indexFile.toFile(), ImageIndex.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException("oci:" + dir, "index.json cannot be read: " + Json.describe(e), e);
        }
    }

    private void copyBlobs(Path layout, List<Descriptor> blobs) throws IOException {
        Path dir = Files.createDirectories(layout.resolve("blobs").resolve("sha256"));
        for (Descriptor b : blobs) {
            Path target = dir.resolve(b.digest().hex());
            if (Files.isRegularFile(target) && Files.size(target) == b.size()) continue;
            Path tmp = AtomicFiles.readable(Files.createTempFile(dir, "." + b.digest().shortHex() + ".", ".part"), AtomicFiles.FILE);
            try {
                try (InputStream in = store.open(b.digest()); OutputStream out = Files.newOutputStream(tmp)) {
                    in.transferTo(out);
                }
                AtomicFiles.moveInto(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
