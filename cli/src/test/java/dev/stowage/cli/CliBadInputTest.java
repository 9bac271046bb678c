package dev.stowage.cli;

import static dev.stowage.cli.BadInputAssert.assertBuildFailed;
import static dev.stowage.cli.BadInputAssert.assertNotCreated;
import static dev.stowage.cli.BadInputAssert.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line's own bad input (flags, outputs, references, credentials, closures, spec files,
 * merge-archives inputs): exit 2, one line naming the input, no class name or stack trace, nothing
 * on stdout, no output created, a BuildFailed where a build started, a bounded run time. Spec-level
 * cases (types, limits, fakeNss, files) live in their own class.
 */
class CliBadInputTest {
    @TempDir Path tmp;
    private Fixture f;

    /** Paths a case may use; {@code oci} and {@code tar} are the outputs that must not appear. */
    record Fixture(SyntheticClosure closure, Path oci, Path tar, Path audit, Path blobs, Path aFile, Path tmp) {
        List<String> build(Path spec, String... more) {
            List<String> args = new ArrayList<>(List.of("build", spec.toString(), "--store-root", closure.storeRoot.toString(),
                    "--blob-store", blobs.toString(), "--audit-log", audit.toString()));
            args.addAll(List.of(more));
            return args;
        }

        List<String> build(String... more) {
            return build(closure.spec, more);
        }

        String ociOut() {
            return "oci:" + oci;
        }
    }

    /** One case: its name, the command line, whether a build started (so a BuildFailed is due), what the line names. */
    record Case(String name, Function<Fixture, List<String>> args, boolean buildStarted, String... mustName) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        SyntheticClosure c = new SyntheticClosure(tmp.resolve("input"));
        Path aFile = Files.writeString(tmp.resolve("a-file"), "not a folder");
        f = new Fixture(c, tmp.resolve("out-oci"), tmp.resolve("out.tar"), tmp.resolve("audit.jsonl"), tmp.resolve("blobs"), aFile, tmp);
    }

    private static Case usage(String name, Function<Fixture, List<String>> args, String... mustName) {
        return new Case(name, args, false, mustName);
    }

    private static Case started(String name, Function<Fixture, List<String>> args, String... mustName) {
        return new Case(name, args, true, mustName);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // commands and flags
                usage("unknown command", x -> List.of("frobnicate"), "frobnicate"),
                usage("unknown fleet command", x -> List.of("fleet", "frobnicate"), "frobnicate"),
                usage("unknown build flag", x -> x.build("--out", x.ociOut(), "--frobnicate"), "--frobnicate"),
                usage("build without --out", x -> x.build(), "--out"),
                usage("build without spec", x -> List.of("build", "--out", x.ociOut()), "SPEC"),
                usage("zero workers", x -> x.build("--out", x.ociOut(), "--workers", "0"), "--workers"),
                usage("negative workers", x -> x.build("--out", x.ociOut(), "--workers", "-3"), "--workers"),
                usage("workers not a number", x -> x.build("--out", x.ociOut(), "--workers", "many"), "--workers", "many"),
                usage("zero timeout", x -> x.build("--out", x.ociOut(), "--timeout", "0"), "--timeout"),
                usage("negative outage timeout", x -> x.build("--out", x.ociOut(), "--outage-timeout", "-1"), "--outage-timeout"),
                usage("negative unreachable timeout", x -> x.build("--out", x.ociOut(), "--unreachable-timeout", "-1"), "--unreachable-timeout"),
                usage("tls-verify not a boolean", x -> x.build("--out", x.ociOut(), "--tls-verify", "maybe"), "--tls-verify", "maybe"),
                usage("creds without a colon", x -> x.build("--out", x.ociOut(), "--creds", "justauser"), "--creds"),
                usage("bad blob store url", x -> List.of("build", x.closure().spec.toString(), "--out", x.ociOut(), "--blob-store", "s3://",
                        "--audit-log", x.audit().toString()), "--blob-store"),
                usage("help for an unknown command", x -> List.of("help", "build", "frobnicate"), "frobnicate"),
                usage("serve unknown role", x -> List.of("serve", "chef", "--kafka", "127.0.0.1:9", "--blob-store", x.blobs().toString()), "chef"),
                usage("serve negative health port", x -> List.of("serve", "planner", "--kafka", "127.0.0.1:9", "--blob-store", x.blobs().toString(),
                        "--health-port", "-1"), "--health-port"),
                usage("submit without kafka", x -> List.of("submit", x.closure().spec.toString(), "--out", x.ociOut()), "--kafka"),
                // --out schemes and docker:// references, parsed when the flag is read
                usage("unknown output scheme", x -> x.build("--out", "ftp://example.org/x"), "ftp://example.org/x"),
                usage("scheme without location", x -> x.build("--out", "oci:"), "--out", "empty"),
                usage("bare path as output", x -> x.build("--out", x.oci().toString()), "--out"),
                usage("registry port too large", x -> x.build("--out", "docker://127.0.0.1:99999/app:1"), "99999"),
                usage("registry port zero", x -> x.build("--out", "docker://127.0.0.1:0/app:1"), "port 0"),
                usage("registry port not a number", x -> x.build("--out", "docker://127.0.0.1:http/app:1"), "127.0.0.1:http"),
                usage("registry host with underscore", x -> x.build("--out", "docker://bad_host:5000/app:1"), "bad_host"),
                usage("reference without host", x -> x.build("--out", "docker://app"), "'app'"),
                usage("upper-case repository", x -> x.build("--out", "docker://127.0.0.1:5000/App:1"), "App"),
                usage("bad tag", x -> x.build("--out", "docker://127.0.0.1:5000/app:bad!tag"), "bad!tag"),
                usage("tag too long", x -> x.build("--out", "docker://127.0.0.1:5000/app:" + "t".repeat(129)), "bad tag"),
                usage("digest as push target", x -> x.build("--out", "docker://127.0.0.1:5000/app@sha256:" + "a".repeat(64)), "digest"),
                usage("credentials in the reference", x -> x.build("--out", "docker://alice:hunter2@127.0.0.1:5000/app:1"), "credentials"),
                // outputs that cannot be created: checked before the build, with a BuildFailed
                started("oci layout under a file", x -> x.build("--out", "oci:" + x.aFile().resolve("layout")), "oci:" + "", "a-file", "is a file"),
                started("oci layout deep under a file", x -> x.build("--out", "oci:" + x.aFile().resolve("a/b/c")), "a-file"),
                started("oci layout is a file", x -> x.build("--out", "oci:" + x.aFile()), "a-file", "not an OCI layout"),
                started("oci layout where no file can be made", x -> x.build("--out", "oci:/proc/stowage-layout"), "oci:/proc/stowage-layout",
                        "does not take new files"),
                started("archive under a file", x -> x.build("--out", "docker-archive:" + x.aFile().resolve("image.tar"), "--platform", "linux/amd64"),
                        "docker-archive:", "a-file"),
                started("archive is a directory", x -> x.build("--out", "docker-archive:" + x.tmp(), "--platform", "linux/amd64"), "is a directory"),
                started("second output under a file", x -> x.build("--out", x.ociOut(), "--out", "oci:" + x.aFile().resolve("l")), "a-file"),
                started("archive of two platforms without --platform", x -> x.build("--out", "docker-archive:" + x.tar()), "--platform"),
                started("malformed --platform", x -> x.build("--out", x.ociOut(), "--platform", "linux"), "--platform", "'linux'"),
                started("--platform not built", x -> x.build("--out", x.ociOut(), "--platform", "windows/amd64"), "--platform", "windows/amd64"),
                started("--cache with a bad url", x -> x.build("--out", x.ociOut(), "--cache", "ftp://cache"), "--cache"),
                // spec files and closures
                started("spec file missing", x -> x.build(x.closure().dir.resolve("nope.json"), "--out", x.ociOut()), "nope.json"),
                started("spec is a directory", x -> x.build(x.closure().dir, "--out", x.ociOut()), x0(), "directory"),
                started("spec is empty", x -> x.build(write(x, "empty.json", ""), "--out", x.ociOut()), "empty.json"),
                started("spec is not JSON", x -> x.build(write(x, "garbage.json", "<html>"), "--out", x.ociOut()), "garbage.json"),
                started("closure with a cycle", x -> {
                    write(x, "closure.json", cycle());
                    return x.build("--out", x.ociOut());
                }, "closure.json", "cycle", SyntheticClosure.LIB, SyntheticClosure.LIBC),
                started("closure file missing", x -> {
                    delete(x.closure().dir.resolve("closure.json"));
                    return x.build("--out", x.ociOut());
                }, "closure.json"),
                started("closure is not JSON", x -> {
                    write(x, "closure.json", "{{{");
                    return x.build("--out", x.ociOut());
                }, "closure.json"),
                started("store path missing", x -> {
                    deleteTree(x.closure().storeRoot.resolve(SyntheticClosure.DATA.substring(1)));
                    return x.build("--out", x.ociOut());
                }, SyntheticClosure.DATA),
                // merge-archives
                usage("merge without inputs", x -> List.of("merge-archives", x.tar().toString()), "IN"),
                usage("merge a missing archive", x -> List.of("merge-archives", x.tar().toString(), x.tmp().resolve("missing.tar").toString()),
                        "missing.tar", "no such archive"),
                usage("merge a directory", x -> List.of("merge-archives", x.tar().toString(), x.closure().dir.toString()), "is a directory"),
                usage("merge garbage", x -> List.of("merge-archives", x.tar().toString(), write(x, "garbage.tar", "garbage ".repeat(200)).toString()),
                        "garbage.tar"),
                usage("merge an archive whose manifest is not JSON", x -> List.of("merge-archives", x.tar().toString(),
                        tar(x, "nojson.tar", "manifest.json", "{not json").toString()), "nojson.tar", "manifest.json"),
                usage("merge an archive whose manifest is not a list", x -> List.of("merge-archives", x.tar().toString(),
                        tar(x, "object.tar", "manifest.json", "{\"Config\":\"c\"}").toString()), "object.tar", "manifest.json"),
                usage("merge an archive without manifest", x -> List.of("merge-archives", x.tar().toString(),
                        tar(x, "plain.tar", "hello.txt", "hi").toString()), "plain.tar", "manifest.json"),
                usage("merge into a path under a file", x -> List.of("merge-archives", x.aFile().resolve("merged.tar").toString(),
                        tar(x, "one.tar", "hello.txt", "hi").toString()), "merged.tar"),
                usage("merge into a directory", x -> List.of("merge-archives", x.tmp().toString(),
                        tar(x, "two.tar", "hello.txt", "hi").toString()), "is a directory"));
    }

    private static String x0() {
        return "input";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithOneLineNamingTheInput(Case c) throws IOException {
        List<String> args = c.args().apply(f);
        var result = BadInputAssert.run(BadInputAssert.BOUND, args.toArray(String[]::new));
        assertRefused(result, ExitCodes.BAD_INPUT, c.mustName());
        assertThat(result.err()).doesNotContain("hunter2");
        assertNotCreated(f.oci(), f.tar(), f.aFile().resolve("layout"), f.aFile().resolve("l"));
        assertThat(f.aFile()).isRegularFile().hasContent("not a folder");
        if (c.buildStarted()) {
            assertBuildFailed(f.audit(), "BAD_INPUT");
            assertThat(Files.readString(f.audit())).doesNotContain("hunter2");
        }
    }

    @Test
    void credentialsAreNeverEchoed() {
        for (String out : List.of("docker://alice:hunter2@127.0.0.1:5000/app:1", "docker://alice:hunter2@bad_host/app",
                "ftp://alice:hunter2@example.org/x")) {
            var r = BadInputAssert.run(BadInputAssert.BOUND, f.build("--out", out).toArray(String[]::new));
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).as(out).doesNotContain("hunter2");
        }
        var r = BadInputAssert.run(BadInputAssert.BOUND, f.build("--out", "docker://127.0.0.1:99999/app", "--creds", "alice:hunter2").toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).doesNotContain("hunter2");
    }

    /** A registry that refuses connections is an outage: exit 1 within the --unreachable-timeout window, one line naming the registry. */
    @Test
    void unreachableRegistryFailsWithinTheWindow() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        var r = BadInputAssert.run(Duration.ofSeconds(45), f.build("--out", "docker://127.0.0.1:" + port + "/app:1",
                "--unreachable-timeout", "3").toArray(String[]::new));
        // an outage, not bad input: a notice as soon as it starts, then the one error line
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.FAILURE);
        String problem = "docker://127.0.0.1:" + port + "/app:1: registry 127.0.0.1:" + port + " unreachable: connection refused";
        assertThat(r.err().lines().filter(l -> l.startsWith("stowage: ")))
                .containsExactly("stowage: " + problem + "; retrying for up to 3 s (--unreachable-timeout)", "stowage: error: " + problem);
        BadInputAssert.assertNoClassNameOrTrace(r.err());
        assertThat(r.took()).isLessThan(Duration.ofSeconds(30));
        assertThat(kindOf(f.audit())).isIn("INTERNAL", "REFUSED");
    }

    private static String kindOf(Path audit) throws IOException {
        var m = Pattern.compile("\"type\":\"BuildFailed\".*?\"kind\":\"(\\w+)\"").matcher(Files.readString(audit));
        assertThat(m.find()).as("a BuildFailed in " + audit).isTrue();
        return m.group(1);
    }

    private static String cycle() {
        String hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
        String a = SyntheticClosure.LIB;
        String b = SyntheticClosure.LIBC;
        return "[{\"path\":\"" + a + "\",\"narHash\":\"" + hash + "\",\"narSize\":120,\"references\":[\"" + b + "\"]},"
                + "{\"path\":\"" + b + "\",\"narHash\":\"" + hash + "\",\"narSize\":120,\"references\":[\"" + a + "\"]}]";
    }

    private static Path write(Fixture x, String name, String content) {
        try {
            return Files.writeString(x.closure().dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tar(Fixture x, String name, String member, String content) {
        Path out = x.closure().dir.resolve(name);
        try (var tar = new TarArchiveOutputStream(Files.newOutputStream(out))) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            var e = new TarArchiveEntry(member);
            e.setSize(bytes.length);
            tar.putArchiveEntry(e);
            tar.write(bytes);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
