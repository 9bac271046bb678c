package dev.stowage.publisher.output;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/** Temp-then-rename helpers shared by the output writers: nothing half-written appears at a target. */
final class AtomicFiles {
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwxr-xr-x");

    private AtomicFiles() {}

    /** A temp file or directory name next to {@code target}, so the final rename stays on one file system. */
    static Path siblingTemp(Path target, String suffix) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        return readable(Files.createTempFile(parent, "." + target.getFileName() + ".", suffix), FILE);
    }

    static Path siblingTempDir(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        return readable(Files.createTempDirectory(parent, "." + target.getFileName() + "."), DIR);
    }

    /** Temp files are created owner-only; published outputs are world-readable like any written file. */
    static Path readable(Path p, Set<PosixFilePermission> perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, perms);
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: keep its defaults
        }
        return p;
    }

    /** Renames {@code from} onto {@code to} atomically (replacing a file, or an empty directory). */
    static void moveInto(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** Deletes a file or a directory tree; quiet when it is already gone. */
    static void deleteQuietly(Path p) {
        if (p == null || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(q);
                } catch (DirectoryNotEmptyException ignored) {
                    // a concurrent writer; leave it
                }
            }
        } catch (IOException ignored) {
            // best effort cleanup of our own temp files
        }
    }
}
