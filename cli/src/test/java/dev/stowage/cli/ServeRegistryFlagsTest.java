package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve registry}'s flags: its own help, usage errors in one line (exit 2), a port in use named with its flag; the
 * other roles still require ROLE and --blob-store (checked by ServeCommand, not picocli, since registry is its subcommand).
 */
class ServeRegistryFlagsTest {
    @TempDir Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpNamesTheRegistryFlagsAndServeListsTheCommand() {
        Run help = run("serve", "registry", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--package-index", "--catalog", "--cache", "--port", "--bind", "--pull-timeout",
                "--[no-]redirect-blobs", "--redirect-ttl", "FILE|URL");
        assertThat(run("serve", "--help").out()).contains("registry");
    }

    @Test
    void usageErrorsAreOneLine() {
        String blobs = tmp.resolve("blobs").toString();
        List<List<String>> cases = List.of(
                List.of("serve", "registry", "--blob-store", blobs),
                List.of("serve", "registry", "--blob-store", blobs, "--package-index", "index.json"),
                List.of("serve", "registry", "--blob-store", blobs, "--catalog", "c", "--cache", "file:///c"),
                List.of("serve", "registry", "--blob-store", blobs, "--catalog", "c", "--port", "70000"),
                List.of("serve", "registry", "--blob-store", blobs, "--catalog", "c", "--pull-timeout", "0"),
                List.of("serve", "registry", "--catalog", "c", "--kafka", "127.0.0.1:9", "--audit-log", "a.jsonl"),
                List.of("serve", "registry", "--blob-store", blobs, "--catalog", "c", "--redirect-ttl", "0"),
                List.of("serve"),
                List.of("serve", "planner", "--kafka", "127.0.0.1:9"));
        List<String> expected = List.of("nothing to serve", "--package-index needs --cache", "--cache applies to --package-index only",
                "--port must be 0-65535", "--pull-timeout must be at least 1", "--audit-log is for the embedded mode",
                "--redirect-ttl must be 1-604800", "Missing required parameter: 'ROLE'",
                "Missing required option: '--blob-store=URL'");
        for (int i = 0; i < cases.size(); i++) {
            Run r = run(cases.get(i).toArray(String[]::new));
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
            assertThat(r.err()).contains(expected.get(i));
        }
    }

    @Test
    void aBadPackageIndexNamesTheFile() throws Exception {
        Path index = Files.writeString(tmp.resolve("index.json"), "{\"x86_64-linux\": {\"hello\": \"/usr/bin/hello\"}}");
        Run r = run("serve", "registry", "--blob-store", tmp.resolve("blobs").toString(), "--package-index", index.toString(),
                "--cache", "file:///c", "--allow-unsigned", "--port", "0");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(index + ": x86_64-linux.hello").contains("/usr/bin/hello");
        assertThat(r.err().lines().toList()).hasSize(1);
    }

    @Test
    void anUnreachableIndexUrlNamesItWithoutItsQuery() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/index.json?token=secret-token";
        Run r = run("serve", "registry", "--blob-store", tmp.resolve("blobs").toString(), "--package-index", url,
                "--cache", "file:///c", "--allow-unsigned", "--port", "0");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("http://127.0.0.1:" + port + "/index.json").contains("cannot read the package index").doesNotContain("secret-token");
        assertThat(r.err().lines().toList()).hasSize(1);
    }

    @Test
    void aPortInUseNamesThePortAndTheFlagBeforeAnyBrokerIsAsked() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            for (boolean kafka : new boolean[] {false, true}) {
                List<String> args = new ArrayList<>(List.of("serve", "registry", "--blob-store", tmp.resolve("b").toString(),
                        "--catalog", tmp.resolve("catalog").toString(), "--port", String.valueOf(port)));
                if (kafka) args.addAll(List.of("--kafka", "127.0.0.1:9"));
                else args.addAll(List.of("--audit-log", tmp.resolve("a.jsonl").toString()));
                Run r = run(args.toArray(String[]::new));
                assertThat(r.exit()).as(r.err()).isEqualTo(2);
                assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
                assertThat(r.err()).contains("--port " + port).contains("already in use");
                BadInputAssert.assertNoClassNameOrTrace(r.err());
                assertThat(r.out()).isEmpty();
            }
        }
    }
}
