package dev.stowage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A small store tree written by hand under a temporary store root, with its path-info JSON and a
 * spec: enough for tests of the embedded pipeline that need no Nix. (Tests against real Nix
 * closures live in integration-tests.)
 */
final class SyntheticClosure {
    static final String LIBC = "/nix/store/0c1mlhzvq5mqgsqhgjkjhnvnl4vm6r1k-libc-2.40";
    static final String LIB = "/nix/store/1b8m03r63zqhnjf7l5wnldhh7c134ap5-libgreet-0.1";
    static final String DATA = "/nix/store/2dk5bsz4bkcs3qmwmd6zh4xkb0v0k4aw-greeting-data-1.0";
    static final String APP = "/nix/store/9f9rjwlq8vfg1kz2qf0yk3bk2l0i9w9a-hello-1.0";
    private static final String HASH = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    final Path dir;
    final Path storeRoot;
    final Path spec;

    private final String storeDir;

    SyntheticClosure(Path dir) throws IOException {
        this(dir, "/nix/store");
    }

    /** The same closure under another store directory (paths keep their hashes and names). */
    SyntheticClosure(Path dir, String storeDir) throws IOException {
        this.storeDir = storeDir;
        this.dir = dir;
        this.storeRoot = dir.resolve("root");
        file(LIBC + "/lib/libc.so", "libc\n".repeat(500), false);
        file(LIB + "/lib/libgreet.so", "greet\n", false);
        file(DATA + "/share/greeting", "hello, world\n", false);
        file(APP + "/bin/hello", "#!/bin/sh\ncat " + DATA + "/share/greeting\n", true);
        Files.createSymbolicLink(storeRoot.resolve(in(APP).substring(1) + "/bin/hi"), Path.of("hello"));
        Files.createSymbolicLink(storeRoot.resolve(in(APP).substring(1) + "/bin/sh"), Path.of("hello"));
        writeClosure("closure.json");
        this.spec = Files.writeString(dir.resolve("image.json"), spec(""));
    }

    String spec(String extraFields) {
        return "{\"name\":\"example/hello\",\"tag\":\"1.0\"," + extraFields
                + "\"config\":{\"Cmd\":[\"" + APP + "/bin/hello\"]},"
                + "\"annotations\":{\"org.opencontainers.image.source\":\"https://example.org/hello\"},"
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"closure.json\"},"
                + "{\"platform\":\"linux/arm64\",\"closure\":\"closure.json\"}]}";
    }

    Path writeSpec(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json);
    }

    void writeClosure(String name) throws IOException {
        Files.writeString(dir.resolve(name), "["
                + info(APP, LIB, DATA) + "," + info(LIB, LIBC) + "," + info(DATA) + "," + info(LIBC) + "]");
    }

    private String info(String path, String... refs) {
        StringBuilder r = new StringBuilder();
        for (String ref : refs) r.append(r.length() == 0 ? "" : ",").append('"').append(in(ref)).append('"');
        return "{\"path\":\"" + in(path) + "\",\"narHash\":\"" + HASH + "\",\"narSize\":" + (100 + path.length()) + ",\"references\":[" + r + "]}";
    }

    private String in(String nixPath) {
        return nixPath.replace("/nix/store", storeDir);
    }

    private void file(String storeFile, String content, boolean executable) throws IOException {
        Path f = storeRoot.resolve(in(storeFile).substring(1));
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(executable ? "r-xr-xr-x" : "r--r--r--"));
    }
}
