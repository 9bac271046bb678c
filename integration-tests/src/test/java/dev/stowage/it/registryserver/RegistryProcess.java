package dev.stowage.it.registryserver;

import dev.stowage.testsupport.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code stowage serve registry … --port 0} as a separate JVM (this test JVM's class path), its
 * port read from the line it prints; stopped with SIGTERM. Stdout and stderr go to files in {@code dir}.
 */
public final class RegistryProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("registry serving http://127\\.0\\.0\\.1:(\\d+)/v2/");
    private final Process process;
    private final Path out;
    private final Path err;
    private int port = -1;

    /** On a free port. */
    public RegistryProcess(Path dir, List<String> args) throws IOException {
        this(dir, 0, args);
    }

    public RegistryProcess(Path dir, int port, List<String> args) throws IOException {
        this(dir, port, args, Map.of());
    }

    /** With {@code env} added to this JVM's environment (credentials for an S3 blob store). */
    public RegistryProcess(Path dir, int port, List<String> args, Map<String, String> env) throws IOException {
        Files.createDirectories(dir);
        this.out = dir.resolve("registry.out");
        this.err = dir.resolve("registry.err");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.stowage.cli.Main",
                "serve", "registry", "--bind", "127.0.0.1", "--port", Integer.toString(port)));
        cmd.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().putAll(env);
        this.process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /** Waits for the serving line; returns the port. */
    public int awaitPort(Duration timeout) {
        Await.until(timeout, "the registry serving", () -> {
            if (!process.isAlive()) throw new AssertionError("the registry exited " + process.exitValue() + "\n" + describe());
            Matcher m = SERVING.matcher(read(out));
            if (!m.find()) return false;
            port = Integer.parseInt(m.group(1));
            return true;
        }, this::describe);
        return port;
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    /** SIGTERM and the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the registry did not stop within 60 s of SIGTERM\n" + describe());
        }
        return process.exitValue();
    }

    public String describe() {
        return "--- registry stdout\n" + read(out) + "\n--- registry stderr\n" + read(err);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Waits for the process to end by itself; returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) throw new AssertionError("the registry still runs\n" + describe());
        return process.exitValue();
    }

    /** Its stderr. */
    public String err() {
        return read(err);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) stop();
    }
}
