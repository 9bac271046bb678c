package dev.stowage.publisher.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.blob.BlobStore;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.DocumentSource;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.StoredImageReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes an image into an OCI image layout directory ({@code oci-layout}, {@code blobs/sha256},
 * {@code index.json}). A new layout is built in a sibling temp directory and renamed into place;
 * an existing one gets its missing blobs first, then a new {@code index.json} by rename. Blobs
 * already present are not copied again, so writing the same image twice changes nothing.
 * {@code index.json} lists only the image (one entry per tag); attached artifacts are listed in
 * {@link #REFERRERS_FILE}.
 */
public final class OciLayoutWriter {
    static final String LAYOUT_FILE = "oci-layout";
    static final String INDEX_FILE = "index.json";
    /** An OCI image index listing the artifacts (SBOM, provenance) whose {@code subject} is an image of the layout. */
    public static final String REFERRERS_FILE = "referrers.json";
    static final byte[] LAYOUT_JSON = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.US_ASCII);

    private final BlobStore store;
    private final StoredImageReader reader;

    public OciLayoutWriter(BlobStore store) {
        this.store = store;
        this.reader = StoredImageReader.ours(DocumentSource.of(store));
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
     * As above, plus the artifacts attached to the image ({@code referrers}: SBOMs, provenance): their
     * manifests and blobs go into {@code blobs/}, their descriptors (with {@code artifactType}) into
     * {@code referrers.json}, not into {@code index.json}, so tools that expect one image per layout
     * (skopeo, podman) read it without a tag.
     */
    public void write(Path dir, Descriptor imageIndex, List<String> tags, List<Descriptor> referrers) throws IOException {
        Staged staged = stage(dir, imageIndex, tags, referrers);
        try {
            staged.commit();
        } catch (IOException | RuntimeException e) {
            staged.abort();
            throw e;
        }
    }

    /** A layout write whose bytes are in place but not yet visible. */
    public interface Staged {
        /** Renames the staged layout (or the new {@code index.json}) into place. */
        void commit() throws IOException;

        /** Removes the temp files and the blobs staging added to an existing layout. */
        void abort();
    }

    /**
     * Writes everything except what makes the image visible: a new layout into a hidden sibling
     * directory; for an existing layout its missing blobs and temp copies of {@code index.json} and
     * {@code referrers.json}. Nothing is left behind when staging fails.
     */
    public Staged stage(Path dir, Descriptor imageIndex, List<String> tags, List<Descriptor> referrers) throws IOException {
        if (tags.isEmpty()) throw new IllegalArgumentException("an OCI layout entry needs at least one tag");
        List<Descriptor> blobs = new ArrayList<>(reader.blobs(imageIndex));
        for (Descriptor r : referrers) blobs.addAll(reader.blobs(r));
        List<Digest> missing = store.missing(blobs.stream().map(Descriptor::digest).toList());
        if (!missing.isEmpty()) throw new BlobNotFoundException(missing.get(0), store.describe());
        if (Files.isRegularFile(dir.resolve(LAYOUT_FILE))) {
            return stageExisting(dir, blobs, imageIndex, tags, referrers);
        } else if (!Files.exists(dir) || AtomicFiles.isEmptyDirectory(dir)) {
            return stageNew(dir, blobs, withTags(LayoutIndex.empty(), imageIndex, tags), withReferrers(LayoutIndex.empty(), referrers));
        } else {
            throw new BadInputException("oci:" + dir, "exists and is not an OCI image layout (no " + LAYOUT_FILE + " file)");
        }
    }

    private static ImageIndex withTags(ImageIndex index, Descriptor imageIndex, List<String> tags) {
        ImageIndex out = index;
        for (String tag : tags) out = LayoutIndex.with(out, LayoutIndex.entry(imageIndex, tag));
        return out;
    }

    private Staged stageNew(Path dir, List<Descriptor> blobs, ImageIndex index, ImageIndex referrers) throws IOException {
        Path tmp = AtomicFiles.siblingTempDir(dir);
        try {
            Files.write(tmp.resolve(LAYOUT_FILE), LAYOUT_JSON);
            copyBlobs(tmp, blobs, new ArrayList<>());
            Files.write(tmp.resolve(INDEX_FILE), Json.canonicalBytes(index));
            if (!referrers.manifests().isEmpty()) Files.write(tmp.resolve(REFERRERS_FILE), Json.canonicalBytes(referrers));
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw e;
        }
        return new Staged() {
            @Override
            public void commit() throws IOException {
                if (Files.isDirectory(dir)) Files.delete(dir);
                AtomicFiles.moveInto(tmp, dir);
            }

            @Override
            public void abort() {
                AtomicFiles.deleteQuietly(tmp);
            }
        };
    }

    /** {@code index} plus the referrers it does not list yet (by digest), in order. */
    private static ImageIndex withReferrers(ImageIndex index, List<Descriptor> referrers) {
        List<Descriptor> entries = new ArrayList<>(index.manifests());
        for (Descriptor r : referrers) {
            if (entries.stream().noneMatch(e -> e.digest().equals(r.digest()))) entries.add(r);
        }
        return new ImageIndex(index.schemaVersion(), index.mediaType(), entries, index.annotations());
    }

    private Staged stageExisting(Path dir, List<Descriptor> blobs, Descriptor imageIndex, List<String> tags,
            List<Descriptor> referrers) throws IOException {
        Path indexFile = dir.resolve(INDEX_FILE);
        Path referrersFile = dir.resolve(REFERRERS_FILE);
        ImageIndex existing = Files.exists(indexFile) ? readIndex(dir, indexFile) : LayoutIndex.empty();
        ImageIndex existingReferrers = Files.exists(referrersFile) ? readIndex(dir, referrersFile) : LayoutIndex.empty();
        List<Path> created = new ArrayList<>();
        List<Path[]> renames = new ArrayList<>();
        try {
            copyBlobs(dir, blobs, created);
            ImageIndex updatedReferrers = withReferrers(existingReferrers, referrers);
            if (!updatedReferrers.equals(existingReferrers)) renames.add(temp(referrersFile, updatedReferrers));
            ImageIndex updated = withTags(existing, imageIndex, tags);
            if (!updated.equals(existing) || !Files.exists(indexFile)) renames.add(temp(indexFile, updated));
        } catch (IOException | RuntimeException e) {
            deleteAll(renames, created);
            throw e;
        }
        return new Staged() {
            @Override
            public void commit() throws IOException {
                for (Path[] r : renames) AtomicFiles.moveInto(r[0], r[1]);
            }

            @Override
            public void abort() {
                deleteAll(renames, created);
            }
        };
    }

    private static Path[] temp(Path target, ImageIndex content) throws IOException {
        Path tmp = AtomicFiles.siblingTemp(target, ".part");
        Path[] rename = {tmp, target};
        try {
            Files.write(tmp, Json.canonicalBytes(content));
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return rename;
    }

    private static void deleteAll(List<Path[]> renames, List<Path> created) {
        for (Path[] r : renames) AtomicFiles.deleteQuietly(r[0]);
        for (Path p : created) AtomicFiles.deleteQuietly(p);
    }

    private static ImageIndex readIndex(Path dir, Path file) throws IOException {
        try {
            return Json.reader().readValue(file.toFile(), ImageIndex.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException("oci:" + dir, file.getFileName() + " cannot be read: " + Json.describe(e), e);
        }
    }

    private static final Set<PosixFilePermission> READ_ONLY =
            PosixFilePermissions.fromString("r--r--r--");

    /** Replaces {@code tmp} by a hard link to the store's file of the blob; false where the store has none or links cannot be made. */
    private boolean linked(Digest blob, Path tmp) throws IOException {
        Optional<Path> file = store.localFile(blob);
        if (file.isEmpty()) return false;
        try {
            AtomicFiles.readable(file.get(), READ_ONLY); // shared with the layout: read-only for everyone, like the Nix store
            Files.delete(tmp);
            Files.createLink(tmp, file.get());
            return true;
        } catch (FileSystemException | UnsupportedOperationException e) {
            if (!Files.exists(tmp)) AtomicFiles.readable(Files.createFile(tmp), AtomicFiles.FILE);
            return false; // another filesystem, links not supported, or not the store's owner: copy
        }
    }

    /** Blobs put into a layout at once: a store without local files (S3) answers each read after a round trip. */
    private static final int PARALLEL_COPIES = 4;

    /**
     * Puts the blobs the layout lacks in place (each by temp file + rename), adding each new file to
     * {@code created}: a hard link to the blob store's file when the store is a folder on the same
     * filesystem (no bytes copied; blobs are never written after they are stored, and the shared
     * file is made read-only for everyone), else a copy, verified against its digest as it is read.
     * {@value #PARALLEL_COPIES} at a time; on a failure the others finish (or fail) first, so
     * {@code created} names every file this call made.
     */
    private void copyBlobs(Path layout, List<Descriptor> blobs, List<Path> created) throws IOException {
        Path dir = Files.createDirectories(layout.resolve("blobs").resolve("sha256"));
        Map<Digest, Descriptor> wanted = new LinkedHashMap<>();
        for (Descriptor b : blobs) {
            Path target = dir.resolve(b.digest().hex());
            if (Files.isRegularFile(target) && Files.size(target) == b.size()) continue;
            if (!created.contains(target)) wanted.putIfAbsent(b.digest(), b);
        }
        if (wanted.isEmpty()) return;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_COPIES, wanted.size()));
        try {
            List<Future<Optional<Path>>> placing = new ArrayList<>();
            for (Descriptor b : wanted.values()) placing.add(pool.submit(() -> place(dir, b)));
            Throwable first = null;
            for (Future<Optional<Path>> f : placing) {
                try {
                    f.get().ifPresent(created::add);
                } catch (ExecutionException e) {
                    if (first == null) first = e.getCause();
                }
            }
            if (first instanceof IOException io) throw io;
            if (first instanceof RuntimeException re) throw re;
            if (first instanceof Error err) throw err;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing " + layout);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Puts blob {@code b} at its place in {@code dir}; the file, when there was none before. */
    private Optional<Path> place(Path dir, Descriptor b) throws IOException {
        Path target = dir.resolve(b.digest().hex());
        boolean existed = Files.exists(target);
        Path tmp = AtomicFiles.readable(Files.createTempFile(dir, "." + b.digest().shortHex() + ".", ".part"), AtomicFiles.FILE);
        try {
            if (!linked(b.digest(), tmp)) {
                try (InputStream in = store.open(b.digest()); OutputStream out = Files.newOutputStream(tmp)) {
                    in.transferTo(out);
                }
            }
            AtomicFiles.moveInto(tmp, target);
            return existed ? Optional.empty() : Optional.of(target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
