package dev.stowage.nix.db;

import dev.stowage.nix.StorePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Lists a directory inside a package's store path, for merging packages into a profile. */
@FunctionalInterface
public interface PackageListing {
    /** One directory entry; {@code directory} is false for files and symlinks (symlinks are not followed). */
    record Entry(String name, boolean directory) {}

    /**
     * The entries of {@code relativeDir} ("" for the store path itself) in {@code pkg}; empty when
     * the package is a single file or has no such directory.
     */
    List<Entry> list(StorePath pkg, String relativeDir) throws IOException;

    /** Reads the packages from disk, where store path {@code /nix/store/x} is at {@code root/nix/store/x}. */
    static PackageListing onDisk(Path root) {
        return (pkg, relativeDir) -> {
            Path dir = root.resolve(pkg.relative());
            if (!relativeDir.isEmpty()) dir = dir.resolve(relativeDir);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return List.of();
            List<Entry> out = new ArrayList<>();
            try (var children = Files.list(dir)) {
                for (Path child : children.toList()) {
                    out.add(new Entry(child.getFileName().toString(), Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)));
                }
            }
            return out;
        };
    }
}
