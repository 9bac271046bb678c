package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code stowage} process: bus and registry diagnostics go to $XDG_CACHE_HOME/stowage/stowage.log,
 * the terminal gets only the one error line; with --verbose they are on stderr.
 */
class DiagnosticsLogTest {
    @TempDir Path tmp;

    private record Exit(int code, String err) {}

    private Exit stowage(Path xdg, String... args) throws Exception {
        SyntheticClosure closure = new SyntheticClosure(Files.createDirectories(tmp.resolve("in-" + System.nanoTime())));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "dev.stowage.cli.Main", "build", closure.spec.toString(),
                "--store-root", closure.storeRoot.toString(), "--blob-store", tmp.resolve("blobs").toString(),
                "--audit-log", tmp.resolve("audit.jsonl").toString(), "--unreachable-timeout", "1"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("XDG_CACHE_HOME", xdg.toString());
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Exit(p.exitValue(), err);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void diagnosticsGoToTheLogFileUnlessVerbose() throws Exception {
        int port = closedPort();
        Path xdg = tmp.resolve("xdg");
        Exit quiet = stowage(xdg, "--out", "docker://127.0.0.1:" + port + "/app:1");
        assertThat(quiet.code()).as(quiet.err()).isEqualTo(1);
        // Layer progress, one notice as soon as the registry first refuses, then the one error line; no diagnostics.
        List<String> notProgress = quiet.err().lines().filter(l -> !l.matches("linux/\\w+ layer \\d+/\\d+ .*")).toList();
        assertThat(notProgress).as(quiet.err()).hasSize(2);
        assertThat(notProgress.get(0)).isEqualTo("stowage: docker://127.0.0.1:" + port + "/app:1: registry 127.0.0.1:" + port
                + " unreachable: connection refused; retrying for up to 1 s (--unreachable-timeout)");
        assertThat(notProgress.get(1)).startsWith("stowage: error: ").contains("registry 127.0.0.1:" + port + " unreachable: connection refused");
        assertThat(quiet.err()).doesNotContain("WARN").doesNotContain("attempt");
        Path log = xdg.resolve("stowage").resolve("stowage.log");
        assertThat(Files.readString(log)).contains("registry 127.0.0.1:" + port + " unreachable: connection refused; retrying, attempt 2 of")
                .contains("dead-lettering");

        Path xdg2 = tmp.resolve("xdg2");
        Exit verbose = stowage(xdg2, "--out", "docker://127.0.0.1:" + port + "/app:1", "--verbose");
        assertThat(verbose.code()).isEqualTo(1);
        assertThat(verbose.err()).contains("unreachable: connection refused; retrying, attempt 2 of").contains("dead-lettering");
        assertThat(xdg2.resolve("stowage").resolve("stowage.log")).doesNotExist();
    }
}
