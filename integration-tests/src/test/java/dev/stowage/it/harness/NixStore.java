package dev.stowage.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Nix chroot store made with Debian's nix-bin: store paths are real (/nix/store/…), their files
 * live under {@link #root()}. Its own nix.conf: no daemon, no sandbox, no substituters, so nothing
 * is ever fetched from the network.
 */
public final class NixStore {
    private final Path root;
    private final Path confDir;

    public NixStore(Path dir) throws IOException {
        this.root = dir.resolve("store");
        this.confDir = Files.createDirectories(dir.resolve("nix-conf"));
        Files.writeString(confDir.resolve("nix.conf"),
                "build-users-group =\nsandbox = false\nexperimental-features = nix-command\nsubstituters =\n");
    }

    /** Store files live at {@code root + storePath}. */
    public Path root() {
        return root;
    }

    /** Builds a Nix expression file; returns its output store path. */
    public String build(Path expression) {
        return run("nix-build", "--store", root.toString(), "--option", "extra-sandbox-paths", "/bin /usr /lib /lib64",
                "--no-out-link", expression.toString()).strip();
    }

    /** Builds one of the expressions under src/test/resources/nix. */
    public String buildResource(String name) throws IOException {
        Path file = Files.createTempFile("expr-", ".nix");
        try (var in = NixStore.class.getResourceAsStream("/nix/" + name)) {
            if (in == null) throw new IOException("no test resource /nix/" + name);
            Files.write(file, in.readAllBytes());
        }
        return build(file);
    }

    /** {@code nix path-info --json -r} of the paths, written to {@code file}. */
    public Path pathInfo(Path file, String... paths) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("nix", "path-info", "--store", root.toString(), "--json", "-r"));
        cmd.addAll(List.of(paths));
        return Files.writeString(file, run(cmd.toArray(String[]::new)));
    }

    /** The closure of a path, one store path per line. */
    public List<String> closure(String path) {
        return run("nix-store", "--store", root.toString(), "-qR", path).lines().toList();
    }

    /** Runs a Nix command with this store's configuration; fails the test with stderr on error. */
    public String run(String... command) {
        return Tools.run(java.util.Map.of("NIX_CONF_DIR", confDir.toString()), command);
    }
}
