package dev.stowage.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Compares a store path on disk with its copy in an unpacked rootfs: names, bytes, modes, link targets. */
public final class RootfsComparison {
    private RootfsComparison() {}

    /** Every object under {@code top}: relative path → kind, permissions, content digest or link target. */
    public static Map<String, String> describe(Path top) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(top)) {
            for (Path p : s.toList()) {
                String rel = top.relativize(p).toString();
                String perms = Files.isSymbolicLink(p) ? "link"
                        : PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                String what = Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : FileTrees.digest(p).toString();
                out.put(rel, perms + " " + what);
            }
        }
        return out;
    }

    public static void assertSame(Path storeRoot, Path rootfs, String storePath) throws IOException {
        Path original = storeRoot.resolve(storePath.substring(1));
        Path unpacked = rootfs.resolve(storePath.substring(1));
        assertThat(describe(unpacked)).as(storePath).isEqualTo(describe(original));
    }
}
