package dev.stowage.worker;

import dev.stowage.event.LayerPath;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A hand-made store tree under a temporary store root, with fixed content. */
final class TestStore {
    static final StorePath LIB = StorePath.parse("/nix/store/0c1mlhzvq5mqgsqhgjkjhnvnl4vm6r1k-libgreet-0.1");
    static final StorePath APP = StorePath.parse("/nix/store/9f9rjwlq8vfg1kz2qf0yk3bk2l0i9w9a-hello-1.0");

    private TestStore() {}

    static Path create(Path root) throws IOException {
        Path lib = dir(root, LIB);
        write(lib.resolve("lib/libgreet.so"), "ELF pretend\n", "r--r--r--");
        write(lib.resolve("share/doc/a-rather-long-directory-name-to-push-the-path-past-one-hundred-bytes/README"), "docs\n", "r--r--r--");
        Files.createDirectories(lib.resolve("share/empty"));
        write(lib.resolve("empty-file"), "", "r--r--r--");
        Path app = dir(root, APP);
        write(app.resolve("bin/hello"), "#!/bin/sh\necho hello\n", "r-xr-xr-x");
        Files.createSymbolicLink(app.resolve("bin/hi"), Path.of("hello"));
        Files.createSymbolicLink(app.resolve("lib"), Path.of(LIB + "/lib"));
        return root;
    }

    static LayerPath layerPath(StorePath p) {
        return new LayerPath(p, Digest.ofBytes(p.toString().getBytes(StandardCharsets.UTF_8)), 1);
    }

    private static Path dir(Path root, StorePath p) throws IOException {
        return Files.createDirectories(root.resolve(p.relative()));
    }

    private static void write(Path file, String content, String perms) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
    }
}
