package dev.stowage.it.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real command-line tools tests check against (skopeo, umoci, tar, nix), with a deadline. */
public final class Tools {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private Tools() {}

    /** The result of a finished command. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /** Runs {@code command}; fails the calling test with its stderr unless it exits 0. */
    public static String run(String... command) {
        return succeeded(attempt(command), List.of(command)).stdout();
    }

    public static Result attempt(String... command) {
        return attempt(Map.of(), DEFAULT_TIMEOUT, null, List.of(command));
    }

    /** Fails the calling test with the command's stderr unless it exited 0; returns the result. */
    public static Result succeeded(Result r, List<String> command) {
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exitCode() + ": " + r.stderr());
        }
        return r;
    }

    /**
     * Runs {@code command} with extra environment variables and a deadline. With a non-null
     * {@code stdoutFile} the output is streamed there (binary-safe) and {@link Result#stdout()} is empty.
     */
    public static Result attempt(Map<String, String> env, Duration timeout, Path stdoutFile, List<String> command) {
        try {
            Path out = stdoutFile != null ? stdoutFile : Files.createTempFile("tool-", ".out");
            Path err = Files.createTempFile("tool-", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
                }
                String stdout = stdoutFile != null ? "" : Files.readString(out, StandardCharsets.UTF_8);
                return new Result(p.exitValue(), stdout, Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                if (stdoutFile == null) Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command.get(0), e);
        }
    }
}
