package dev.stowage.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.cli.Main;
import dev.stowage.it.harness.LoopbackPort;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.RegistryProxy;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.Tools;
import dev.stowage.json.Json;
import dev.stowage.oci.MediaTypes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage build SPEC --out docker://…} in-process against the real docker-registry (through
 * a counting proxy), read back with skopeo.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DockerOutputTest {
    private static final Path EXAMPLE = Path.of("../examples/hello").toAbsolutePath().normalize();
    @TempDir Path tmp;

    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return Json.reader().readTree(out);
        }
    }

    /** The example closure built for two platforms, with the spec's annotations. */
    private Path twoPlatformSpec(String compression) throws Exception {
        Files.copy(EXAMPLE.resolve("path-info.json"), tmp.resolve("path-info.json"), StandardCopyOption.REPLACE_EXISTING);
        return Files.writeString(tmp.resolve("image.json"), """
                {"name": "team/app", "tag": "1.0", "compression": "%s",
                 "config": {"Cmd": ["/nix/store/gsa2n1zsjnx23kyapmd0k49bc0m0wm3x-hello-1.0/bin/hello"]},
                 "annotations": {"org.opencontainers.image.source": "https://example.org/app", "org.example.team": "platform"},
                 "platforms": [{"platform": "linux/amd64", "closure": "path-info.json"},
                               {"platform": "linux/arm64", "closure": "path-info.json"}]}
                """.formatted(compression));
    }

    private Run build(Path spec, String... extra) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("build", spec.toString(), "--store-root", EXAMPLE.resolve("store").toString(),
                "--blob-store", tmp.resolve("blobs").toString(), "--audit-log", tmp.resolve("audit.jsonl").toString(), "--workers", "2"));
        args.addAll(List.of(extra));
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static List<String> errorLines(Run run) {
        return run.err().lines().filter(l -> l.startsWith("stowage: error:")).toList();
    }

    @Test
    void pushesTheTwoPlatformIndexToSeveralTagsAndRegistriesThenRePushesNoBlob() throws Exception {
        Path spec = twoPlatformSpec("gzip");
        try (Registry registry = Registry.anonymous(tmp.resolve("registry"));
             Registry second = Registry.anonymous(tmp.resolve("registry2"));
             RegistryProxy proxy = new RegistryProxy(registry, RegistryProxy.none())) {
            String app = "docker://" + proxy.host() + "/team/app:1.0";
            Run run = build(spec, "--json", "--out", app, "--out", "docker://" + proxy.host() + "/team/app:stable",
                    "--out", "docker://" + proxy.host() + "/mirror/app:1.0", "--out", "docker://" + second.host() + "/team/app:1.0");
            assertThat(run.exit()).as(run.err()).isZero();
            JsonNode result = run.json();
            String index = result.get("index").asText();
            assertThat(result.get("outputs")).extracting(o -> o.get("target").asText() + " " + o.get("reference").asText() + " " + o.get("digest").asText())
                    .containsExactly(app + " " + proxy.host() + "/team/app:1.0 " + index,
                            "docker://" + proxy.host() + "/team/app:stable " + proxy.host() + "/team/app:stable " + index,
                            "docker://" + proxy.host() + "/mirror/app:1.0 " + proxy.host() + "/mirror/app:1.0 " + index,
                            "docker://" + second.host() + "/team/app:1.0 " + second.host() + "/team/app:1.0 " + index);

            // the index as built, under every tag, in both registries
            for (String ref : List.of(registry.docker("team/app:1.0"), registry.docker("team/app:stable"), registry.docker("mirror/app:1.0"),
                    second.docker("team/app:1.0"))) {
                assertThat(Skopeo.rawDigest("--tls-verify=false", ref).toString()).as(ref).isEqualTo(index);
            }
            JsonNode raw = Skopeo.inspect("inspect", "--raw", "--tls-verify=false", registry.docker("team/app:1.0"));
            assertThat(raw.get("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
            assertThat(raw.path("annotations").path("org.opencontainers.image.source").asText()).isEqualTo("https://example.org/app");
            assertThat(raw.path("annotations").path("org.example.team").asText()).isEqualTo("platform");
            assertThat(raw.get("manifests")).extracting(m -> m.get("platform").get("architecture").asText()).containsExactly("amd64", "arm64");

            // each platform copies out, with the layers that were built
            for (JsonNode platform : result.get("platforms")) {
                String arch = platform.get("platform").asText().split("/")[1];
                Path out = tmp.resolve("copy-" + arch);
                Tools.run("skopeo", "copy", "-q", "--src-tls-verify=false", "--override-arch", arch, registry.docker("team/app:1.0"), "oci:" + out + ":x");
                JsonNode manifest = Skopeo.inspect("inspect", "--raw", "oci:" + out + ":x");
                assertThat(Skopeo.rawDigest("oci:" + out + ":x").toString()).isEqualTo(platform.get("manifest").asText());
                assertThat(manifest.get("layers")).extracting(l -> l.get("digest").asText())
                        .containsExactlyElementsOf(platform.get("layers").findValuesAsText("digest"));
            }
            // the second repository of the same registry got its blobs by mount, not by upload
            List<String> first = proxy.requests();
            assertThat(first.stream().filter(RegistryProxy::blobMount)).isNotEmpty().allMatch(r -> r.contains("/v2/mirror/app/"));
            assertThat(first.stream().filter(RegistryProxy::blobUpload)).isNotEmpty().noneMatch(r -> r.contains("/v2/mirror/app/"));

            // a fresh process (new pusher, nothing remembered) finds every blob there and uploads none:
            // the provenance is reproducible too (times from the spec's created, no build id)
            proxy.clear();
            Run again = build(spec, "--json", "--out", app);
            assertThat(again.exit()).as(again.err()).isZero();
            List<String> imageBlobs = new ArrayList<>(again.json().findValuesAsText("config"));
            again.json().get("platforms").forEach(p -> imageBlobs.addAll(p.get("layers").findValuesAsText("digest")));
            assertThat(imageBlobs).hasSizeGreaterThan(3);
            List<String> uploads = proxy.requests().stream().filter(RegistryProxy::blobUpload).toList();
            assertThat(uploads).as(String.join("\n", proxy.requests())).isEmpty();
            assertThat(proxy.count(r -> r.startsWith("PUT ") && r.contains("/blobs/uploads/"))).isZero();
            assertThat(proxy.count(RegistryProxy::blobMount)).isZero();
            assertThat(proxy.count(r -> r.startsWith("HEAD ") && r.contains("/blobs/"))).isPositive();
            assertThat(Files.readString(tmp.resolve("audit.jsonl"))).contains("\"type\":\"Published\"").contains(proxy.host() + "/team/app:1.0");
        }
    }

    /** The index of the first request in {@code requests} that finishes the upload of blob {@code digest} (the PUT naming it), or -1. */
    private static int uploadFinish(List<String> requests, String digest) {
        String hex = digest.substring("sha256:".length());
        for (int i = 0; i < requests.size(); i++) {
            String r = requests.get(i);
            if (r.startsWith("PUT ") && r.contains("/blobs/uploads/") && r.contains(hex)) return i;
        }
        return -1;
    }

    @Test
    void layersGoUpAsTheyAreBuiltBeforeAnyConfigExistsAndEachOnlyOnce() throws Exception {
        Path spec = twoPlatformSpec("zstd");
        try (Registry registry = Registry.anonymous(tmp.resolve("registry"));
             RegistryProxy proxy = new RegistryProxy(registry, RegistryProxy.none())) {
            Run run = build(spec, "--json", "--out", "docker://" + proxy.host() + "/team/app:1.0");
            assertThat(run.exit()).as(run.err()).isZero();
            JsonNode result = run.json();
            List<String> requests = proxy.requests();
            List<String> layers = new ArrayList<>();
            result.get("platforms").forEach(p -> layers.addAll(p.get("layers").findValuesAsText("digest")));
            List<String> configs = result.get("platforms").findValuesAsText("config");
            assertThat(layers).hasSizeGreaterThan(3);
            // a config exists only once every layer of its platform is built: the layers were uploaded before
            int lastLayer = layers.stream().mapToInt(d -> uploadFinish(requests, d)).max().orElseThrow();
            int firstConfig = configs.stream().mapToInt(d -> uploadFinish(requests, d)).min().orElseThrow();
            assertThat(layers).allSatisfy(d -> assertThat(uploadFinish(requests, d)).as(d).isNotNegative());
            assertThat(lastLayer).as(String.join("\n", requests)).isLessThan(firstConfig);
            // both platforms share their layers: each went up once
            for (String d : layers.stream().distinct().toList()) {
                assertThat(requests.stream().filter(r -> r.startsWith("PUT ") && r.contains(d.substring(7)))).as(d).hasSize(1);
            }
            assertThat(Skopeo.rawDigest("--tls-verify=false", registry.docker("team/app:1.0")).toString()).isEqualTo(result.get("index").asText());
        }
    }

    @Test
    void aMissingStorePathIsRefusedBeforeAnythingIsWrittenToTheRegistry() throws Exception {
        Path store = tmp.resolve("store");
        Tools.run("cp", "-r", EXAMPLE.resolve("store").toString(), store.toString());
        Tools.run("chmod", "-R", "u+w", store.toString());
        String missing = "/nix/store/g64lnnnwdykzi19cakgh7vycg5rk4dkg-greeting-data-1.0";
        Tools.run("rm", "-rf", store + missing);
        Path spec = twoPlatformSpec("gzip");
        try (Registry registry = Registry.anonymous(tmp.resolve("registry"));
             RegistryProxy proxy = new RegistryProxy(registry, RegistryProxy.none())) {
            StringWriter err = new StringWriter();
            int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "build", spec.toString(),
                    "--store-root", store.toString(), "--blob-store", tmp.resolve("blobs").toString(),
                    "--audit-log", tmp.resolve("audit.jsonl").toString(), "--out", "docker://" + proxy.host() + "/team/app:1.0");
            assertThat(exit).as(err.toString()).isEqualTo(2);
            assertThat(err.toString().lines().filter(l -> l.startsWith("stowage: error:")))
                    .singleElement().asString().contains(missing).contains("store path not found");
            assertThat(proxy.requests()).as("requests that write").noneMatch(r -> r.startsWith("POST ") || r.startsWith("PUT ") || r.startsWith("PATCH "));
            String audit = Files.readString(tmp.resolve("audit.jsonl"));
            assertThat(audit).contains("\"type\":\"BuildFailed\"").doesNotContain("\"type\":\"LayerTask\"");
        }
    }

    @Test
    void aRegistryRefusingTheOciIndexIsToldInTheOutput() throws Exception {
        Path spec = twoPlatformSpec("gzip");
        try (Registry registry = Registry.anonymous(tmp.resolve("registry"));
             RegistryProxy proxy = new RegistryProxy(registry, RegistryProxy.refusing(MediaTypes.OCI_INDEX))) {
            String app = "docker://" + proxy.host() + "/team/app:1.0";
            Run run = build(spec, "--out", app);
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.err()).contains("wrote " + app).contains("as a Docker manifest list: the registry refused the OCI index");
            JsonNode list = Skopeo.inspect("inspect", "--raw", "--tls-verify=false", registry.docker("team/app:1.0"));
            assertThat(list.get("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
            assertThat(Files.readString(tmp.resolve("audit.jsonl"))).contains(MediaTypes.DOCKER_MANIFEST_LIST);
        }
    }

    @Test
    void aBadReferenceIsBadInputAndAnUnreachableRegistryFailsWithoutWritingAnyOutput() throws Exception {
        Path spec = twoPlatformSpec("gzip");
        Run bad = build(spec, "--out", "docker://127.0.0.1:5999/Team/App:1.0");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(errorLines(bad)).singleElement().asString().startsWith("stowage: error: ").contains("--out")
                .contains("docker://127.0.0.1:5999/Team/App:1.0: bad repository name 'Team/App'");
        assertThat(Files.readString(tmp.resolve("audit.jsonl"))).contains("\"type\":\"BuildFailed\"").contains("\"kind\":\"BAD_INPUT\"");

        int closed = LoopbackPort.closed();
        String unreachable = "docker://127.0.0.1:" + closed + "/team/app:1.0";
        Run down = build(spec, "--out", "oci:" + tmp.resolve("layout"), "--out", unreachable, "--outage-timeout", "1");
        assertThat(down.exit()).as(down.err()).isEqualTo(1);
        assertThat(errorLines(down)).singleElement().asString().contains(unreachable);
        assertThat(tmp.resolve("layout")).doesNotExist();
    }

    @Test
    void credsGoToTheOneRegistryOfTheOutputs() throws Exception {
        Path spec = twoPlatformSpec("gzip");
        try (Registry registry = Registry.basic(tmp.resolve("registry"), "pusher", "s3cret-pass")) {
            Run denied = build(spec, "--out", "docker://" + registry.host() + "/team/app:1.0");
            assertThat(denied.exit()).isEqualTo(1);
            assertThat(denied.err()).contains("docker://" + registry.host() + "/team/app:1.0").contains("anonymous");
            // a refusal is not retried by the bus: one BuildFailed of kind REFUSED naming the output
            assertThat(Files.readString(tmp.resolve("audit.jsonl")))
                    .contains("\"kind\":\"REFUSED\"").contains("\"input\":\"docker://" + registry.host() + "/team/app:1.0\"");

            Run ok = build(spec, "--out", "docker://" + registry.host() + "/team/app:1.0", "--creds", "pusher:s3cret-pass");
            assertThat(ok.exit()).as(ok.err()).isZero();
            Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", "pusher:s3cret-pass", registry.docker("team/app:1.0"));
            assertThat(Files.readString(tmp.resolve("audit.jsonl"))).doesNotContain("s3cret-pass");
            assertThat(ok.err()).doesNotContain("s3cret-pass");

            Run two = build(spec, "--out", "docker://" + registry.host() + "/team/app:1.0", "--out", "docker://127.0.0.2:1/team/app:1.0",
                    "--creds", "pusher:s3cret-pass");
            assertThat(two.exit()).isEqualTo(2);
            assertThat(two.err()).contains("--creds").doesNotContain("s3cret-pass");
        }
    }
}
