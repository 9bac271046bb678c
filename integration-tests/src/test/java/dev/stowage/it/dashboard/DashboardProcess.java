package dev.stowage.it.dashboard;

import dev.stowage.testsupport.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code stowage ARGS… --port 0} as its own JVM (this test JVM's class path, -Xmx256m) until closed
 * (SIGTERM); its port is read from the line it prints, stdout and stderr go to files in {@code dir}.
 */
final class DashboardProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("dashboard http://127\\.0\\.0\\.1:(\\d+)/");
    private final Process process;
    private final Path out;
    private final Path err;
    private final int port;

    DashboardProcess(Path dir, String... args) throws IOException {
        this.out = dir.resolve("dashboard.out");
        this.err = dir.resolve("dashboard.err");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.stowage.cli.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of("--port", "0"));
        this.process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int[] found = {-1};
        Await.until(Duration.ofSeconds(60), "the dashboard's address on its stdout", () -> {
            if (!process.isAlive()) throw new AssertionError("the dashboard exited with " + process.exitValue() + ": " + stderr());
            Matcher m = SERVING.matcher(stdout());
            if (m.find()) found[0] = Integer.parseInt(m.group(1));
            return found[0] > 0;
        }, () -> stdout() + stderr());
        this.port = found[0];
    }

    int port() {
        return port;
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** SIGTERM, then waits for the exit; a dashboard that does not stop within 30 s is killed and fails the test. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the dashboard did not stop on SIGTERM within 30 s");
        }
        if (process.exitValue() != 0) throw new AssertionError("the dashboard exited with " + process.exitValue() + ": " + stderr());
    }
}
