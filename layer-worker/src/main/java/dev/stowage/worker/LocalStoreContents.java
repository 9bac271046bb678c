package dev.stowage.worker;

import dev.stowage.error.BadInputException;
import dev.stowage.nix.FileSystemObjectVisitor;
import dev.stowage.nix.StorePath;
import dev.stowage.nix.StorePathContents;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Store paths realised on disk under a store root: a path {@code /nix/store/x} lives at
 * {@code <root>/nix/store/x}, as in Nix's chroot stores ({@code /} for the real store). Walks in
 * NAR order. Hard links are seen as separate regular files; only the executable bit is kept.
 */
public final class LocalStoreContents implements StorePathContents {
    private final Path storeRoot;

    public LocalStoreContents(Path storeRoot) {
        this.storeRoot = storeRoot.toAbsolutePath();
    }

    @Override
    public void accept(StorePath path, Digest narHash, long narSize, FileSystemObjectVisitor visitor) throws IOException {
        visit(path, require(path), "", visitor);
    }

    /** Refuses the first of {@code paths} (in store path order) that is not under the store root. */
    public void requirePresent(Collection<StorePath> paths) {
        paths.stream().sorted().forEach(this::require);
    }

    private Path require(StorePath path) {
        Path top = storeRoot.resolve(path.toString().substring(1));
        if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInputException(path.toString(), "store path not found under store root " + storeRoot);
        }
        return top;
    }

    private void visit(StorePath sp, Path file, String rel, FileSystemObjectVisitor visitor) throws IOException {
        PosixFileAttributes attrs = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
            String target = Files.readSymbolicLink(file).toString();
            if (!target.chars().allMatch(c -> c < 0x80) && (!UTF8_NAMES || target.indexOf('\uFFFD') >= 0)) {
                throw new BadInputException(sp.toString(), "the symlink target at " + (rel.isEmpty() ? "the top" : rel)
                        + " is not UTF-8 (or this JVM does not read file names as UTF-8: set LANG=C.UTF-8); it cannot be kept byte-exact in a layer");
            }
            visitor.symlink(rel, target);
        } else if (attrs.isDirectory()) {
            visitor.directory(rel);
            for (Path child : sortedChildren(file)) {
                String name = child.getFileName().toString();
                requireExactName(sp, file, child, rel.isEmpty() ? name : rel + "/" + name);
                visit(sp, child, rel.isEmpty() ? name : rel + "/" + name, visitor);
            }
        } else if (attrs.isRegularFile()) {
            boolean executable = attrs.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
            try (InputStream in = Files.newInputStream(file)) {
                visitor.regularFile(rel, executable, attrs.size(), in);
            }
        } else {
            throw new BadInputException(sp.toString(), "unsupported file type at " + (rel.isEmpty() ? "the top" : rel)
                    + " (Nix stores hold only files, directories and symlinks)");
        }
    }

    private static final boolean UTF8_NAMES = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8"));

    /**
     * Refuses a name Java could not decode exactly (not UTF-8 on disk, or a JVM whose file name
     * encoding is not UTF-8): written to a tar it would be mangled, so the layer would differ
     * from the store. ASCII names, nearly all of a store, skip the check.
     */
    private static void requireExactName(StorePath sp, Path dir, Path child, String rel) {
        String name = child.getFileName().toString();
        if (name.chars().allMatch(c -> c < 0x80)) return;
        boolean exact = UTF8_NAMES && name.indexOf('\uFFFD') < 0 && Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS);
        if (!exact) {
            throw new BadInputException(sp.toString(), "the file name at " + rel.replace('\uFFFD', '?')
                    + " is not UTF-8 (or this JVM does not read file names as UTF-8: set LANG=C.UTF-8); it cannot be kept byte-exact in a layer");
        }
    }

    /** Children sorted by the bytes of their names, as NAR sorts directory entries. */
    private static List<Path> sortedChildren(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted((a, b) -> Arrays.compareUnsigned(
                    a.getFileName().toString().getBytes(StandardCharsets.UTF_8),
                    b.getFileName().toString().getBytes(StandardCharsets.UTF_8))).toList();
        }
    }
}
