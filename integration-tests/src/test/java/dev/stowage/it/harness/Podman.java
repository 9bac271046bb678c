package dev.stowage.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * podman with a private store ({@code --root}/{@code --runroot} under a test folder, vfs) and the
 * settings that work on these machines (runc, rlimits within the sandbox's): see
 * shared/infra-notes.md. Nothing touches the host's containers storage.
 */
public final class Podman implements AutoCloseable {
    private final Path root;
    private final Path runroot;
    private final Map<String, String> env;

    public Podman(Path dir) throws IOException {
        this.root = Files.createDirectories(dir.resolve("root"));
        // podman refuses a runroot longer than 50 characters: a short one in the system temp folder
        this.runroot = Files.createTempDirectory("podman-run-");
        Path conf = Files.writeString(dir.resolve("containers.conf"), """
                [containers]
                default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
                [engine]
                runtime = "runc"
                """);
        this.env = Map.of("CONTAINERS_CONF", conf.toString());
    }

    /** The command prefix: podman with this store. */
    public List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of("podman", "--root", root.toString(), "--runroot", runroot.toString(),
                "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs", "--events-backend", "none"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    public Map<String, String> env() {
        return env;
    }

    /** Runs podman; fails the test with its stderr unless it exits 0; returns stdout. */
    public String run(String... args) {
        List<String> cmd = command(args);
        return Tools.succeeded(Tools.attempt(env, Duration.ofSeconds(180), null, cmd), cmd).stdout();
    }

    /** The full ids ({@code sha256:…}) of the images in this store. */
    public List<String> imageIds() {
        return run("images", "--no-trunc", "--format", "{{.ID}}").lines().filter(l -> !l.isBlank())
                .map(l -> l.startsWith("sha256:") ? l : "sha256:" + l).distinct().toList();
    }

    /** Deletes the runroot kept in the system temp folder (the root lives in the test's folder). */
    @Override
    public void close() {
        try (Stream<Path> s = Files.walk(runroot)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a temp folder
        }
    }

    /** Starts the Docker-compatible API on {@code socket} ({@code podman system service --time=0}); the caller stops it. */
    public Process service(Path socket) throws IOException {
        List<String> cmd = command("system", "service", "--time=0", "unix://" + socket);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(socket.resolveSibling(socket.getFileName() + ".log").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }
}
