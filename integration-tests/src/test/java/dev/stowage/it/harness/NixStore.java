package dev.stowage.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Nix chroot store made with Debian's nix-bin: store paths are real (/nix/store/…), their files
 * live under {@link #root()}. Its own nix.conf: no daemon, no sandbox users, no substituters, so
 * nothing is ever fetched from the network. Every command has a deadline; a failure fails the
 * calling test with the command's stderr.
 */
public final class NixStore {
    private static final String CONF = "build-users-group =\nsandbox = false\nexperimental-features = nix-command\nsubstituters =\n";
    private static final List<String> STORE_OPTIONS = List.of("--option", "extra-sandbox-paths", "/bin /usr /lib /lib64");

    private final Path dir;
    private final Path root;
    private final Map<String, String> env;
    private final Duration timeout;

    /** A built expression: the store root, its output store paths and its closure as path-info JSON. */
    public record Built(Path root, List<String> outputs, Path pathInfoJson) {
        public Built {
            outputs = List.copyOf(outputs);
        }

        /** The first (usually only) output. */
        public String output() {
            return outputs.get(0);
        }

        /** Where the files of {@code storePath} are on disk. */
        public Path file(String storePath) {
            return root.resolve(storePath.substring(1));
        }
    }

    /** A store under {@code dir} (its files in dir/store, its nix.conf in dir/nix-conf); 300 s per command. */
    public NixStore(Path dir) throws IOException {
        this(dir, Duration.ofSeconds(300));
    }

    public NixStore(Path dir, Duration timeout) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.root = dir.resolve("store");
        Path confDir = Files.createDirectories(dir.resolve("nix-conf"));
        Files.writeString(confDir.resolve("nix.conf"), CONF);
        this.env = Map.of("NIX_CONF_DIR", confDir.toString());
        this.timeout = timeout;
    }

    /** Store files live at {@code root + storePath}. */
    public Path root() {
        return root;
    }

    /** Builds a Nix expression file; returns its output store path. */
    public String build(Path expression) {
        return outputs(expression).get(0);
    }

    /** Builds a Nix expression file; returns all its output store paths. */
    public List<String> outputs(Path expression) {
        return outputs(expression, Map.of());
    }

    /** Builds a Nix expression file (a function) with {@code --arg NAME VALUE} for each entry; returns all output store paths. */
    public List<String> outputs(Path expression, Map<String, String> args) {
        List<String> cmd = new ArrayList<>(List.of("nix-build", "--store", root.toString()));
        cmd.addAll(STORE_OPTIONS);
        args.forEach((k, v) -> cmd.addAll(List.of("--arg", k, v)));
        cmd.addAll(List.of("--no-out-link", expression.toString()));
        return run(cmd.toArray(String[]::new)).lines().filter(l -> !l.isBlank()).toList();
    }

    /** Builds one of the expressions under src/test/resources/nix; returns its output store path. */
    public String buildResource(String name) throws IOException {
        return build(resource(name));
    }

    /** Builds an expression file and writes the closure of its outputs to {@code pathInfoFile}. */
    public Built buildClosure(Path expression, Path pathInfoFile) throws IOException {
        List<String> outputs = outputs(expression);
        return new Built(root, outputs, pathInfo(pathInfoFile, outputs.toArray(String[]::new)));
    }

    /** {@link #buildClosure} of one of the expressions under src/test/resources/nix. */
    public Built buildResourceClosure(String name, Path pathInfoFile) throws IOException {
        return buildClosure(resource(name), pathInfoFile);
    }

    /** {@code nix path-info --json -r} of the paths (a JSON array in Nix 2.8), written to {@code file}. */
    public Path pathInfo(Path file, String... paths) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("nix", "path-info", "--store", root.toString(), "--json", "-r"));
        cmd.addAll(List.of(paths));
        return Files.writeString(file, run(cmd.toArray(String[]::new)));
    }

    /** The closure of a path, one store path per line. */
    public List<String> closure(String path) {
        return run("nix-store", "--store", root.toString(), "-qR", path).lines().toList();
    }

    /**
     * The NAR serialisation of {@code storePath}, streamed to {@code narFile}. Uses {@code nix store
     * dump-path}: nix-bin 2.8's {@code nix-store --dump} ignores {@code --store} and reads the host's /nix/store.
     */
    public Path dump(String storePath, Path narFile) {
        List<String> cmd = List.of("nix", "store", "dump-path", "--store", root.toString(), storePath);
        Tools.succeeded(Tools.attempt(env, timeout, narFile, cmd), cmd);
        return narFile;
    }

    /**
     * A binary cache of the paths and their closures: {@code nix copy --to file://cacheDir?compression=…}
     * ({@code none}, {@code zstd}, {@code xz} — xz is very slow). Paths already in the cache are skipped.
     */
    public Path copyToCache(Path cacheDir, String compression, String... paths) {
        List<String> cmd = new ArrayList<>(List.of("nix", "copy", "--store", root.toString(),
                "--to", "file://" + cacheDir.toAbsolutePath() + "?compression=" + compression));
        cmd.addAll(List.of(paths));
        run(cmd.toArray(String[]::new));
        return cacheDir;
    }

    /**
     * The command that runs {@code nix profile list} on the default profile of an unpacked image, with
     * the image's {@code nix} folder bind-mounted on {@code /nix} in a private mount namespace (nothing
     * else sees the mount). A host without {@code /nix} gets an empty mount point created first.
     */
    public static String[] profileListInside(Path imageNix) {
        String script = "mkdir -p /nix && mount --bind \"$1\" /nix && exec nix profile list --profile /nix/var/nix/profiles/default";
        return new String[] {"unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", imageNix.toString()};
    }

    /** Runs a Nix command with this store's configuration; fails the test with stderr on error. */
    public String run(String... command) {
        List<String> cmd = List.of(command);
        return Tools.succeeded(Tools.attempt(env, timeout, null, cmd), cmd).stdout();
    }

    /** Copies one of the expressions under src/test/resources/nix next to the store; returns the file. */
    public Path resource(String name) throws IOException {
        Path file = Files.createDirectories(dir.resolve("expressions")).resolve(name);
        try (InputStream in = NixStore.class.getResourceAsStream("/nix/" + name)) {
            if (in == null) throw new IOException("no test resource /nix/" + name);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
