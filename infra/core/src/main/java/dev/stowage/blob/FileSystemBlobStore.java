package dev.stowage.blob;

import dev.stowage.oci.Digest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Blobs in a folder: {@code blobs/sha256/<hex>}, selectors in {@code selectors/sha256/<hex>},
 * writes go to {@code tmp/} and are renamed atomically into place once their digest is known.
 * Deleted blobs are renamed to {@code deleted/sha256/<hex>}, from where a read puts them back
 * until {@link #purge} removes them.
 */
public final class FileSystemBlobStore implements BlobStore {
    private final Path root;

    public FileSystemBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath();
        Files.createDirectories(this.root.resolve("blobs/sha256"));
        Files.createDirectories(this.root.resolve("selectors/sha256"));
        Files.createDirectories(this.root.resolve("tmp"));
        Files.createDirectories(this.root.resolve("deleted/sha256"));
    }

    public Path root() {
        return root;
    }

    /** Where the blob's file is (it may not exist). */
    public Path pathOf(Digest d) {
        return root.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
    }

    private Path deletedPathOf(Digest d) {
        return root.resolve("deleted").resolve(d.algorithm()).resolve(d.hex());
    }

    /** True also for a blob deleted recoverably, which this puts back. */
    @Override
    public boolean exists(Digest digest) {
        if (Files.isRegularFile(pathOf(digest))) return true;
        try {
            return recover(digest) && Files.isRegularFile(pathOf(digest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore " + digest + " in " + describe(), e);
        }
    }

    @Override
    public long size(Digest digest) throws IOException {
        return recovering(digest, () -> Files.size(pathOf(digest)));
    }

    @Override
    public InputStream open(Digest digest) throws IOException {
        return recovering(digest, () -> new VerifyingInputStream(Files.newInputStream(pathOf(digest)), digest, describe()));
    }

    private interface FileCall<T> {
        T run() throws IOException;
    }

    /** Runs {@code call} on the blob's file; if the file is gone but the blob was deleted recoverably, puts it back and runs it again. */
    private <T> T recovering(Digest digest, FileCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (NoSuchFileException e) {
            if (!recover(digest)) throw new BlobNotFoundException(digest, describe());
        }
        try {
            return call.run();
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(digest, describe());
        }
    }

    private boolean recover(Digest digest) throws IOException {
        try {
            move(deletedPathOf(digest), pathOf(digest));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** The blob's file (brought back first if it was deleted recoverably). */
    @Override
    public Optional<Path> localFile(Digest digest) throws IOException {
        try {
            recovering(digest, () -> Files.readAttributes(pathOf(digest), BasicFileAttributes.class));
            return Optional.of(pathOf(digest));
        } catch (BlobNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public BlobWriter writer() throws IOException {
        Path tmp = Files.createTempFile(root.resolve("tmp"), "blob-", ".part");
        return new FileBlobWriter(tmp);
    }

    @Override
    public Optional<Digest> readSelector(Digest selector) throws IOException {
        Path p = root.resolve("selectors").resolve(selector.algorithm()).resolve(selector.hex());
        try {
            return Optional.of(Digest.parse(Files.readString(p, StandardCharsets.US_ASCII).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void writeSelector(Digest selector, Digest target) throws IOException {
        Path p = root.resolve("selectors").resolve(selector.algorithm()).resolve(selector.hex());
        Path tmp = Files.createTempFile(root.resolve("tmp"), "selector-", ".part");
        Files.writeString(tmp, target.toString(), StandardCharsets.US_ASCII);
        move(tmp, p);
    }

    @Override
    public List<StoredBlob> list() throws IOException {
        List<StoredBlob> out = new ArrayList<>();
        for (Entry e : entries(root.resolve("blobs/sha256"))) out.add(new StoredBlob(e.digest(), e.size(), e.modified()));
        return out;
    }

    @Override
    public List<StoredSelector> listSelectors() throws IOException {
        List<StoredSelector> out = new ArrayList<>();
        for (Entry e : entries(root.resolve("selectors/sha256"))) out.add(new StoredSelector(e.digest(), e.modified()));
        return out;
    }

    @Override
    public List<StagedUpload> listStaged() throws IOException {
        List<StagedUpload> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
            for (Path p : files.toList()) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) out.add(new StagedUpload("tmp/" + p.getFileName(), null, a.size(), a.lastModifiedTime().toInstant()));
                } catch (NoSuchFileException gone) {
                    // committed or abandoned while listing
                }
            }
        }
        return out;
    }

    /** Dates each blob now (so {@link #listDeleted} tells when it went), then renames it aside. */
    @Override
    public void delete(Collection<Digest> blobs) throws IOException {
        for (Digest d : blobs) {
            try {
                Files.setLastModifiedTime(pathOf(d), FileTime.from(Instant.now()));
                move(pathOf(d), deletedPathOf(d));
            } catch (NoSuchFileException gone) {
                // absent, or deleted meanwhile
            }
        }
    }

    @Override
    public List<StoredBlob> listDeleted() throws IOException {
        List<StoredBlob> out = new ArrayList<>();
        for (Entry e : entries(root.resolve("deleted/sha256"))) out.add(new StoredBlob(e.digest(), e.size(), e.modified()));
        return out;
    }

    @Override
    public void purge(Collection<Digest> deleted) throws IOException {
        for (Digest d : deleted) Files.deleteIfExists(deletedPathOf(d));
    }

    @Override
    public void deleteSelectors(Collection<Digest> selectors) throws IOException {
        for (Digest d : selectors) Files.deleteIfExists(root.resolve("selectors").resolve(d.algorithm()).resolve(d.hex()));
    }

    @Override
    public void deleteStaged(Collection<StagedUpload> staged) throws IOException {
        Path tmp = root.resolve("tmp");
        for (StagedUpload u : staged) {
            Path p = root.resolve(u.name()).normalize();
            if (!p.getParent().equals(tmp)) throw new IllegalArgumentException("not a staged upload of " + describe() + ": " + u.name());
            Files.deleteIfExists(p);
        }
    }

    @Override
    public void touch(Digest blob) throws IOException {
        recovering(blob, () -> Files.setLastModifiedTime(pathOf(blob), FileTime.from(Instant.now())));
    }

    private record Entry(Digest digest, long size, Instant modified) {}

    /** Files named by a sha256 hex in {@code dir}; other names (editor droppings) are ignored. */
    private static List<Entry> entries(Path dir) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (!name.matches("[0-9a-f]{64}")) continue;
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    out.add(new Entry(new Digest("sha256", name), a.size(), a.lastModifiedTime().toInstant()));
                } catch (NoSuchFileException gone) {
                    // deleted while listing
                }
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return "file:" + root;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private final class FileBlobWriter implements BlobWriter {
        private final Path tmp;
        private final DigestingOutputStream out;
        private boolean done;

        FileBlobWriter(Path tmp) throws IOException {
            this.tmp = tmp;
            this.out = new DigestingOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16));
        }

        @Override
        public OutputStream stream() {
            return out;
        }

        @Override
        public BlobRef commit(Digest expected) throws IOException {
            out.close();
            done = true;
            Digest actual = out.digest();
            if (expected != null && !expected.equals(actual)) {
                Files.deleteIfExists(tmp);
                throw new DigestMismatchException(expected, actual, describe());
            }
            Path target = pathOf(actual);
            if (Files.exists(target) && touchIfStored(actual)) {
                Files.deleteIfExists(tmp);
            } else {
                try {
                    move(tmp, target);
                } catch (FileAlreadyExistsException e) {
                    Files.deleteIfExists(tmp);
                }
            }
            return new BlobRef(actual, out.count());
        }

        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                try {
                    out.close();
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        }
    }
}
