package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;

/**
 * The contract of a refused command, shared by the bad-input test classes: the exit code (2 bad
 * input, 1 outage or refusal), exactly one {@code stowage: error:} line on stderr that names the
 * input (layer progress lines may precede it), no Java class name and no stack trace, nothing on
 * stdout, no output created, a {@code BuildFailed} in the audit log when a build started, and a
 * bounded run time.
 */
public final class BadInputAssert {
    /** A Java exception or error class name, as a user must never read it. */
    public static final Pattern CLASS_NAME = Pattern.compile("\\b[A-Z]\\w+(Exception|Error)\\b");
    private static final Pattern PROGRESS = Pattern.compile("^\\S+/\\S+ layer \\d+/\\d+ .*");
    public static final Duration BOUND = Duration.ofSeconds(60);

    /** One run of the CLI in this JVM. */
    public record Result(int exit, String out, String err, Duration took) {
        /** The one error line, after checking there is exactly one and nothing else but progress. */
        public String errorLine() {
            List<String> lines = err.lines().toList();
            List<String> errors = lines.stream().filter(l -> l.startsWith("stowage: error: ")).toList();
            assertThat(errors).as("stderr:\n" + err).hasSize(1);
            assertThat(lines.stream().filter(l -> !l.startsWith("stowage: error: ")).filter(l -> !PROGRESS.matcher(l).matches()))
                    .as("stderr lines besides the error:\n" + err).isEmpty();
            return errors.get(0);
        }
    }

    private BadInputAssert() {}

    /** Runs {@code stowage ARGS} in this JVM, failing if it takes longer than {@code bound}. */
    public static Result run(Duration bound, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int exit = Assertions.assertTimeoutPreemptively(bound, () -> Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args),
                () -> "stowage " + String.join(" ", args) + " did not end within " + bound.toSeconds() + " s");
        return new Result(exit, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Asserts the refusal contract; returns the error line. */
    public static String assertRefused(Result r, int exit, String... mustName) {
        assertThat(r.exit()).as("exit code; stderr:\n" + r.err()).isEqualTo(exit);
        String line = r.errorLine();
        for (String s : mustName) assertThat(line).as("the error line names " + s).contains(s);
        assertNoClassNameOrTrace(r.err());
        assertThat(r.out()).as("stdout").isEmpty();
        return line;
    }

    public static void assertNoClassNameOrTrace(String err) {
        assertThat(CLASS_NAME.matcher(err).find()).as("a class name in:\n" + err).isFalse();
        assertThat(err).doesNotContain("\tat ").doesNotContain("Caused by");
    }

    /** None of {@code outputs} exists. */
    public static void assertNotCreated(Path... outputs) {
        for (Path p : outputs) assertThat(Files.exists(p, LinkOption.NOFOLLOW_LINKS)).as("output " + p + " exists").isFalse();
    }

    /** The audit log holds a {@code BuildFailed} of this kind (BAD_INPUT, REFUSED, INTERNAL). */
    public static void assertBuildFailed(Path auditLog, String kind) throws IOException {
        assertThat(auditLog).exists();
        assertThat(Files.readString(auditLog)).contains("\"type\":\"BuildFailed\"").contains("\"kind\":\"" + kind + "\"");
    }
}
