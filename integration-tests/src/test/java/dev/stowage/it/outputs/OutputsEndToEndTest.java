package dev.stowage.it.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.cli.Main;
import dev.stowage.error.RefusedException;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.Podman;
import dev.stowage.testsupport.GzipMembers;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.Tools;
import dev.stowage.json.Json;
import dev.stowage.publisher.daemon.DockerEngine;
import dev.stowage.testsupport.Await;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output kind against the real readers: a closure with a static busybox built by nix-bin,
 * built twice from fresh state (byte-identical layouts, archives and registry contents), read by
 * skopeo without a tag, loaded by podman (layout tar, {@code docker-archive:-} through a pipe,
 * {@code docker-daemon:} through podman's Docker API) and run with runc.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OutputsEndToEndTest {
    private static final String GREETING = "hello from a nix closure";
    @TempDir static Path tmp;
    static NixStore nix;
    static String app;
    static Path spec;
    static Registry registry;
    static Podman podman;

    @BeforeAll
    static void buildClosure() throws IOException {
        nix = new NixStore(tmp.resolve("nix"));
        NixStore.Built built = nix.buildResourceClosure("busybox-app.nix", tmp.resolve("path-info.json"));
        app = built.output();
        spec = Files.writeString(tmp.resolve("image.json"), "{\"name\":\"stowage-it/app\",\"tag\":\"1.0\","
                + "\"created\":\"2024-05-01T12:00:00Z\",\"config\":{\"Cmd\":[\"" + app + "/bin/app\"]},"
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"path-info.json\"}]}");
        registry = Registry.anonymous(tmp.resolve("registry"));
        podman = new Podman(tmp.resolve("podman"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (registry != null) registry.close();
        if (podman != null) podman.close();
    }

    /** {@code stowage build} in this JVM with its own fresh blob store and audit log. */
    private static Result build(String state, String... extra) {
        List<String> args = new ArrayList<>(List.of("build", spec.toString(), "--store-root", nix.root().toString(),
                "--blob-store", tmp.resolve(state + "/blobs").toString(), "--audit-log", tmp.resolve(state + "/audit.jsonl").toString()));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    record Result(int exit, String out, String err) {
        JsonNode json() throws IOException {
            assertThat(exit).as(err).isZero();
            return Json.reader().readTree(out);
        }
    }

    /** {@code stowage build} as its own process (stdout is the process's), through {@code sh -c} with {@code pipe} appended. */
    private static Tools.Result buildProcess(String state, Map<String, String> env, String out, String pipe) {
        return buildProcess(state, env, "", out, pipe);
    }

    /** The same with {@code jvmOptions} (shell words) for the process's JVM. */
    private static Tools.Result buildProcess(String state, Map<String, String> env, String jvmOptions, String out, String pipe) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = "'" + java + "' -Xmx256m -XX:+UseSerialGC " + jvmOptions + " -cp \"$CP\" dev.stowage.cli.Main build '" + spec + "' --store-root '"
                + nix.root() + "' --blob-store '" + tmp.resolve(state + "/blobs") + "' --audit-log '" + tmp.resolve(state + "/audit.jsonl")
                + "' --out '" + out + "'" + pipe;
        Map<String, String> all = new HashMap<>(env);
        all.put("CP", System.getProperty("java.class.path"));
        return Tools.attempt(all, Duration.ofSeconds(240), null, List.of("sh", "-c", cmd));
    }

    @Test
    void twoBuildsFromFreshStateGiveIdenticalLayoutsArchivesAndRegistryContents() throws IOException {
        JsonNode first = build("fresh-1", "--json", "--out", "oci:" + tmp.resolve("layout-1"), "--out", "docker-archive:" + tmp.resolve("app-1.tar"),
                "--out", registry.docker("first/app:1.0")).json();
        JsonNode second = build("fresh-2", "--json", "--out", "oci:" + tmp.resolve("layout-2"), "--out", "docker-archive:" + tmp.resolve("app-2.tar"),
                "--out", registry.docker("second/app:1.0")).json();
        assertThat(first.get("buildId").asText()).isNotEqualTo(second.get("buildId").asText());
        assertThat(second.get("index").asText()).isEqualTo(first.get("index").asText());

        Tools.Result diff = Tools.attempt("diff", "-r", tmp.resolve("layout-1").toString(), tmp.resolve("layout-2").toString());
        assertThat(diff.exitCode()).as(diff.stdout()).isZero();
        assertThat(diff.stdout()).isEmpty();
        Tools.Result cmp = Tools.attempt("cmp", tmp.resolve("app-1.tar").toString(), tmp.resolve("app-2.tar").toString());
        assertThat(cmp.exitCode()).as(cmp.stdout()).isZero();

        // registry: the same index, and the same referrers (SBOM, provenance) under the referrers tag scheme
        String index = first.get("index").asText();
        assertThat(raw("second/app:1.0")).isEqualTo(raw("first/app:1.0"));
        String referrersTag = index.replace(':', '-');
        String referrers = raw("first/app:" + referrersTag);
        assertThat(raw("second/app:" + referrersTag)).isEqualTo(referrers);
        assertThat(Json.reader().readTree(referrers).get("manifests")).hasSize(1); // the provenance of the index
        String manifest = first.get("platforms").get(0).get("manifest").asText();
        assertThat(raw("second/app:" + manifest.replace(':', '-'))).isEqualTo(raw("first/app:" + manifest.replace(':', '-')));

        // the layout lists just the image; the attestations are blobs listed in referrers.json
        JsonNode layoutIndex = Json.tree(tmp.resolve("layout-1/index.json"));
        assertThat(layoutIndex.get("manifests")).hasSize(1);
        assertThat(layoutIndex.get("manifests").get(0).get("digest").asText()).isEqualTo(index);
        JsonNode listed = Json.tree(tmp.resolve("layout-1/referrers.json")).get("manifests");
        assertThat(listed).hasSize(2);
        for (JsonNode r : listed) assertThat(tmp.resolve("layout-1/blobs/sha256/" + r.get("digest").asText().substring(7))).exists();

        // the provenance records the spec's created, not the wall clock
        JsonNode provenanceManifest = blob(tmp.resolve("layout-1"), Json.reader().readTree(referrers).get("manifests").get(0).get("digest").asText());
        JsonNode provenance = blob(tmp.resolve("layout-1"), provenanceManifest.get("layers").get(0).get("digest").asText());
        assertThat(provenance.at("/predicate/runDetails/metadata/startedOn").asText()).isEqualTo("2024-05-01T12:00:00Z");
    }

    @Test
    void sourceDateEpochSetsTheProvenanceTimes() throws IOException {
        Tools.Result r = buildProcess("sde", Map.of("SOURCE_DATE_EPOCH", "1700000000"), "oci:" + tmp.resolve("layout-sde"), "");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode listed = Json.tree(tmp.resolve("layout-sde/referrers.json")).get("manifests");
        JsonNode provenance = null;
        for (JsonNode m : listed) {
            if (m.get("artifactType").asText().equals("application/vnd.in-toto+json")) {
                provenance = blob(tmp.resolve("layout-sde"), blob(tmp.resolve("layout-sde"), m.get("digest").asText())
                        .get("layers").get(0).get("digest").asText());
            }
        }
        assertThat(provenance).isNotNull();
        assertThat(provenance.at("/predicate/runDetails/metadata/finishedOn").asText()).isEqualTo(Instant.ofEpochSecond(1700000000L).toString());
    }

    @Test
    void aLayoutReadsWithoutATagInSkopeoAndPodmanAndRunsWithRunc() throws IOException {
        Path layout = tmp.resolve("layout-podman");
        JsonNode result = build("podman", "--json", "--out", "oci:" + layout).json();
        JsonNode inspect = Skopeo.inspect("inspect", "oci:" + layout);
        assertThat(inspect.get("Digest").asText()).isEqualTo(result.get("index").asText());
        Tools.run("skopeo", "copy", "-q", "--dest-tls-verify=false", "oci:" + layout, registry.docker("copied/app:1.0"));
        assertThat(Skopeo.inspect("inspect", "--tls-verify=false", registry.docker("copied/app:1.0")).get("Layers")).hasSize(3);

        Path tar = tmp.resolve("layout.tar");
        Tools.run("tar", "-C", layout.toString(), "-cf", tar.toString(), ".");
        podman.run("load", "-i", tar.toString());
        String config = result.get("platforms").get(0).get("config").asText();
        assertThat(podman.imageIds()).contains(config);
        assertThat(podman.run("run", "--rm", "--network=none", config.substring(7))).isEqualTo(GREETING + "\n");
        // the busybox podman ran came from a gzip layer of several members (1 MiB of tar each)
        int most = 0;
        for (JsonNode l : result.get("platforms").get(0).get("layers")) {
            byte[] blob = Files.readAllBytes(layout.resolve("blobs/sha256").resolve(l.get("digest").asText().substring(7)));
            most = Math.max(most, GzipMembers.sizes(blob).size());
        }
        assertThat(most).isGreaterThanOrEqualTo(2);
    }

    @Test
    void dockerArchiveToStdoutPipesIntoPodmanLoad() throws IOException {
        try (Podman own = new Podman(tmp.resolve("podman-pipe"))) {
            pipeInto(own);
        }
    }

    private static void pipeInto(Podman own) throws IOException {
        String load = " | " + String.join(" ", own.command("load").stream().map(a -> "'" + a + "'").toList());
        Tools.Result r = buildProcess("pipe", own.env(), "docker-archive:-", load);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("Loaded image");
        assertThat(r.stderr()).contains("wrote docker-archive:-");
        assertThat(own.imageIds()).contains(configDigest());
        assertThat(own.run("run", "--rm", "--network=none", "localhost/stowage-it/app:1.0")).isEqualTo(GREETING + "\n");
    }

    /** The image's config digest, from an in-process build of the same spec (the image is reproducible). */
    private static synchronized String configDigest() throws IOException {
        if (configDigest == null) {
            configDigest = build("config-check", "--json", "--out", "oci:" + tmp.resolve("config-check-layout")).json()
                    .get("platforms").get(0).get("config").asText();
        }
        return configDigest;
    }

    private static String configDigest;

    @Test
    void dockerDaemonLoadsThroughPodmansDockerApi() throws Exception {
        try (Podman own = new Podman(tmp.resolve("podman-api"))) {
            loadThroughApi(own);
        }
    }

    private static void loadThroughApi(Podman own) throws Exception {
        Path socket = tmp.resolve("podman-api/docker.sock");
        Process service = own.service(socket);
        try {
            DockerEngine engine = new DockerEngine(socket);
            Await.untilNoThrow(Duration.ofSeconds(30), "podman's API on " + socket, () -> {
                if (!service.isAlive()) return true;
                engine.images();
                return true;
            }, () -> "");
            assertThat(service.isAlive()).as("podman system service exited").isTrue();
            Tools.Result r = buildProcess("daemon", Map.of("DOCKER_HOST", "unix://" + socket), "docker-daemon:stowage-it/app:loaded", "");
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            List<String> ids = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            engine.images().forEach(i -> {
                ids.add(i.get("Id").asText());
                i.path("RepoTags").forEach(t -> tags.add(t.asText()));
            });
            assertThat(ids).contains(configDigest());
            assertThat(tags).anySatisfy(t -> assertThat(t).endsWith("stowage-it/app:loaded"));
            assertThat(own.run("run", "--rm", "--network=none", configDigest().substring(7))).isEqualTo(GREETING + "\n");

            // a daemon refusing the body: its own message, as a refusal naming the output
            Path garbage = Files.writeString(tmp.resolve("not-an-archive.tar"), "this is not a tar file");
            assertThatThrownBy(() -> engine.load(garbage, "docker-daemon:x:y"))
                    .isInstanceOf(RefusedException.class)
                    .hasMessageStartingWith("docker-daemon:x:y: the daemon at " + socket + " refused the image: ");
        } finally {
            service.destroy();
            service.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void gzipWhereTheBundledLibdeflateCannotLoadFailsWithOneLineAndNoOutput() {
        Path layout = tmp.resolve("no-libdeflate-layout");
        Tools.Result r = buildProcess("no-libdeflate", Map.of(), "-Djlibdeflate.library.path=/nonexistent/libjlibdeflate.so", "oci:" + layout, "");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        List<String> lines = r.stderr().lines().filter(l -> l.startsWith("stowage: error")).toList();
        assertThat(lines).singleElement().asString().contains("compression gzip").contains("libdeflate").contains("\"zstd\"")
                .doesNotContain("Exception").doesNotContain("Error").doesNotContain("com.fulcrumgenomics");
        assertThat(r.stderr()).doesNotContain("\tat ");
        assertThat(layout).doesNotExist();
        assertThat(tmp.resolve("no-libdeflate/audit.jsonl")).content().contains("\"type\":\"BuildFailed\"").contains("\"kind\":\"REFUSED\"");
    }

    @Test
    void dockerDaemonNotRunningFailsWithOneLineNamingTheSocket() {
        Path socket = tmp.resolve("nobody-listens.sock");
        Tools.Result r = buildProcess("no-daemon", Map.of("DOCKER_HOST", "unix://" + socket), "docker-daemon:stowage-it/app:1.0", "");
        assertThat(r.exitCode()).isEqualTo(1);
        List<String> lines = r.stderr().lines().filter(l -> l.startsWith("stowage: error")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains(socket.toString()).contains("docker-daemon:stowage-it/app:1.0").doesNotContain("Exception");
        assertThat(r.stderr()).doesNotContain("\tat ");
    }

    @Test
    void whenOneOutputFailsNoOutputIsCreatedOrChanged() throws Exception {
        Path existing = tmp.resolve("atomic/existing");
        build("atomic-base", "--json", "--out", "oci:" + existing).json();
        // the existing layout gets another image (a new tag) in the failing build
        Path otherSpec = Files.writeString(tmp.resolve("other.json"), Files.readString(spec).replace("\"1.0\"", "\"2.0\""));
        Map<String, byte[]> before = snapshot(existing);
        Path fresh = tmp.resolve("atomic/new-layout");
        Path archive = tmp.resolve("atomic/new.tar");
        try (Registry locked = Registry.basic(tmp.resolve("atomic/registry"), "user", "secret")) {
            List<String> args = new ArrayList<>(List.of("build", otherSpec.toString(), "--store-root", nix.root().toString(),
                    "--blob-store", tmp.resolve("atomic/blobs").toString(), "--audit-log", tmp.resolve("atomic/audit.jsonl").toString(),
                    "--out", "oci:" + fresh, "--out", "oci:" + existing, "--out", "docker-archive:" + archive,
                    "--out", locked.docker("team/app:2.0")));
            StringWriter err = new StringWriter();
            int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args.toArray(String[]::new));
            assertThat(exit).as(err.toString()).isEqualTo(1);
            assertThat(err.toString()).contains(locked.docker("team/app:2.0"));
        }
        assertThat(fresh).doesNotExist();
        assertThat(archive).doesNotExist();
        Map<String, byte[]> after = snapshot(existing);
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
        try (Stream<Path> s = Files.list(tmp.resolve("atomic"))) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))).as("temp files left").isEmpty();
        }
        assertThat(Files.readString(tmp.resolve("atomic/audit.jsonl"))).contains("\"BuildFailed\"");
    }

    @Test
    void anOutputUnderARegularFileLeavesTheOtherOutputsUnwritten() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("under-file-out"));
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Path fresh = dir.resolve("layout");
        Result r = build("under-file", "--outage-timeout", "5", "--out", "oci:" + fresh, "--out", "docker-archive:" + file.resolve("x.tar"));
        assertThat(r.exit()).as(r.err()).isNotZero();
        assertThat(r.err()).contains(file.toString());
        assertThat(fresh).doesNotExist();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("plain-file");
        }
    }

    @Test
    void badOutputsAndEnvironmentAreOneLineBadInput() throws IOException {
        Result ref = build("bad-ref", "--out", "docker-daemon:Upper/Case:1");
        assertThat(ref.exit()).isEqualTo(2);
        assertThat(ref.err().strip()).startsWith("stowage: error: ").contains("docker-daemon:Upper/Case:1").doesNotContain("Exception").hasLineCount(1);
        Result twice = build("bad-twice", "--out", "docker-archive:-", "--out", "docker-archive:-");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("docker-archive:-");
        Result json = build("bad-json", "--json", "--out", "docker-archive:-");
        assertThat(json.exit()).isEqualTo(2);
        assertThat(json.err().strip()).contains("--json").hasLineCount(1);
        assertThat(json.out()).isEmpty();

        Tools.Result epoch = buildProcess("bad-epoch", Map.of("SOURCE_DATE_EPOCH", "yesterday"), "oci:" + tmp.resolve("bad-epoch-layout"), "");
        assertThat(epoch.exitCode()).isEqualTo(2);
        assertThat(epoch.stderr()).contains("SOURCE_DATE_EPOCH").doesNotContain("Exception");
        assertThat(tmp.resolve("bad-epoch-layout")).doesNotExist();
        Tools.Result host = buildProcess("bad-host", Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"), "docker-daemon:stowage-it/app:1.0", "");
        assertThat(host.exitCode()).isEqualTo(2);
        List<String> errors = host.stderr().lines().filter(l -> l.startsWith("stowage: error")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("DOCKER_HOST").contains("unix://").doesNotContain("Exception");
    }

    private static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
        }
        return files;
    }

    private static String raw(String repoAndTag) {
        return Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", registry.docker(repoAndTag));
    }

    private static JsonNode blob(Path layout, String digest) throws IOException {
        return Json.tree(layout.resolve("blobs/sha256/" + digest.substring(7)));
    }
}
