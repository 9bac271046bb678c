package dev.stowage.it.serve;

import dev.stowage.testsupport.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code stowage serve ROLE} as a separate JVM (this test JVM's class path, -Xmx256m), health
 * on a free loopback port, stdout and stderr appended to files in {@code dir}. Can be killed
 * ({@code kill -9}), terminated (SIGTERM) and started again.
 */
final class ServiceProcess {
    private static final Pattern HEALTH = Pattern.compile("health http://127\\.0\\.0\\.1:(\\d+)/health");
    private final String name;
    private final List<String> command;
    private final Path out;
    private final Path err;
    private Process process;
    private int startedAtLine;
    private boolean signaled;

    ServiceProcess(String name, Path dir, List<String> serveArgs) {
        this.name = name;
        this.out = dir.resolve(name + ".out");
        this.err = dir.resolve(name + ".err");
        this.command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), "dev.stowage.cli.Main", "serve"));
        command.addAll(serveArgs);
        command.addAll(List.of("--health-host", "127.0.0.1", "--health-port", "0"));
    }

    String name() {
        return name;
    }

    void start() {
        if (process != null && process.isAlive()) throw new IllegalStateException(name + " runs already");
        startedAtLine = lines().size();
        signaled = false;
        try {
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until this run's health server answers {@code /ready} with 200. */
    void awaitReady(Duration timeout) {
        Await.until(timeout, name + " ready", () -> {
            if (!process.isAlive()) throw new AssertionError(name + " exited with " + process.exitValue() + "\n" + describe());
            Integer port = healthPort();
            return port != null && status(port, "/ready") == 200;
        }, this::describe);
    }

    private Integer healthPort() {
        List<String> lines = lines();
        for (String l : lines.subList(Math.min(startedAtLine, lines.size()), lines.size())) {
            Matcher m = HEALTH.matcher(l);
            if (m.find()) return Integer.parseInt(m.group(1));
        }
        return null;
    }

    /** The HTTP status of {@code GET path} on a loopback port, or -1 when nothing answers. */
    static int status(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends SIGTERM (if it runs). */
    void sigterm() {
        if (process != null && process.isAlive() && !signaled) {
            signaled = true;
            process.destroy();
        }
    }

    /** SIGTERM, then waits for the exit; returns the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        sigterm();
        return awaitExit(timeout);
    }

    /** Waits for the process to end (kills it and fails after {@code timeout}); returns the exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (process == null) return 0;
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError(name + " did not stop within " + timeout.toSeconds() + " s of SIGTERM\n" + describe());
        }
        return process.exitValue();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Every line this service printed on stdout (all its runs). */
    List<String> lines() {
        try {
            return Files.exists(out) ? Files.readAllLines(out) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its log files' tails, for failure messages. */
    String describe() {
        return "--- " + name + " (" + out + ", " + err + ")\n" + tail(out) + "\n--- " + name + " stderr\n" + tail(err);
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) return "(nothing)";
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
