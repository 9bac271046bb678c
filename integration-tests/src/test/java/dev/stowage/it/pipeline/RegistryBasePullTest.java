package dev.stowage.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.cli.Main;
import dev.stowage.it.harness.LoopbackPort;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.Tools;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fromImage: docker://…} pulled by Stowage's own registry client from the real
 * docker-registry: a two-platform base Stowage built, pushed there by skopeo (as OCI and as
 * Docker v2 with a manifest list), checked against a build on the OCI layout skopeo copies out
 * of the same registry.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryBasePullTest {
    private static final String PLATFORMS = "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"path-info.json\"},"
            + "{\"platform\":\"linux/arm64\",\"closure\":\"path-info.json\"}]";
    private static final String APP = "\"maxLayers\":5,\"config\":{\"Env\":[\"PATH=/app/bin\",\"APP=1\"]},";
    @TempDir static Path tmp;
    static Registry registry;
    static NixStore nix;
    static String hello;

    @BeforeAll
    static void setUp() throws Exception {
        registry = Registry.anonymous(tmp.resolve("registry"));
        nix = new NixStore(tmp.resolve("nix"));
        hello = nix.buildResource("sample-closure.nix");
        nix.pathInfo(tmp.resolve("path-info.json"), hello);
        assertThat(build("base", "\"maxLayers\":3,\"config\":{\"Env\":[\"BASE=1\",\"PATH=/base/bin\"],\"WorkingDir\":\"/srv\"},",
                "oci:" + tmp.resolve("base-layout")).exit()).isZero();
        String layout = "oci:" + tmp.resolve("base-layout") + ":t";
        Tools.run("skopeo", "copy", "-q", "--all", "--dest-tls-verify=false", layout, registry.docker("stowage/base:1"));
        Tools.run("skopeo", "copy", "-q", "--all", "--format", "v2s2", "--dest-tls-verify=false", layout, registry.docker("stowage/base-v2:1"));
        Tools.run("skopeo", "copy", "-q", "--all", "--src-tls-verify=false", registry.docker("stowage/base:1"),
                "oci:" + tmp.resolve("from-registry") + ":1");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (registry != null) registry.close();
    }

    record Run(int exit, String out, String err) {}

    private static Run build(String name, String fields, String out) throws IOException {
        Path spec = Files.writeString(tmp.resolve(name + ".json"), "{\"name\":\"stowage-it/" + name + "\",\"tag\":\"t\"," + fields + PLATFORMS + "}");
        StringWriter o = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(o, true), new PrintWriter(err, true), "build", spec.toString(), "--json",
                "--store-root", nix.root().toString(), "--blob-store", tmp.resolve("blobs-" + name).toString(),
                "--audit-log", tmp.resolve(name + ".jsonl").toString(), "--out", out);
        return new Run(exit, o.toString(), err.toString());
    }

    private static Digest registryDigest(String repositoryAndTag) {
        return Digest.ofBytes(Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", registry.docker(repositoryAndTag))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Per platform ("linux/amd64"), the manifest of the image tagged {@code t} in an OCI layout Stowage wrote. */
    private static Map<String, JsonNode> manifests(Path layout) throws IOException {
        JsonNode index = blob(layout, Json.tree(layout.resolve("index.json")).get("manifests").get(0).get("digest").asText());
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode m : index.get("manifests")) {
            out.put(m.get("platform").get("os").asText() + "/" + m.get("platform").get("architecture").asText(), blob(layout, m.get("digest").asText()));
        }
        return out;
    }

    private static JsonNode blob(Path layout, String digest) throws IOException {
        return Json.tree(layout.resolve("blobs/sha256/" + digest.substring("sha256:".length())));
    }

    @Test
    void pullsBothPlatformsPinnedByDigestAndBuildsWhatTheSameBaseAsAnOciLayoutBuilds() throws IOException {
        Path pulled = tmp.resolve("on-registry-base");
        Run r = build("app-registry", "\"fromImage\":\"docker://" + registry.host() + "/stowage/base:1\"," + APP, "oci:" + pulled);
        assertThat(r.exit()).as(r.err()).isZero();
        Path local = tmp.resolve("on-layout-base");
        Run l = build("app-layout", "\"fromImage\":\"oci:" + tmp.resolve("from-registry") + ":1\"," + APP, "oci:" + local);
        assertThat(l.exit()).as(l.err()).isZero();

        Digest baseIndex = registryDigest("stowage/base:1");
        JsonNode baseIndexJson = Json.reader().readTree(Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", registry.docker("stowage/base:1")));
        Map<String, JsonNode> fromRegistry = manifests(pulled);
        Map<String, JsonNode> fromLayout = manifests(local);
        assertThat(fromRegistry.keySet()).containsExactly("linux/amd64", "linux/arm64");
        for (String platform : fromRegistry.keySet()) {
            String arch = platform.substring("linux/".length());
            JsonNode manifest = fromRegistry.get(platform);
            String baseManifest = null;
            for (JsonNode m : baseIndexJson.get("manifests")) {
                if (m.get("platform").get("architecture").asText().equals(arch)) baseManifest = m.get("digest").asText();
            }
            assertThat(manifest.get("annotations").get("org.opencontainers.image.base.name").asText()).isEqualTo(registry.host() + "/stowage/base:1");
            assertThat(manifest.get("annotations").get("org.opencontainers.image.base.digest").asText()).isEqualTo(baseManifest);
            // base layers first, then Stowage's own
            JsonNode baseImage = blob(tmp.resolve("from-registry"), baseManifest);
            List<String> baseLayers = new ArrayList<>();
            baseImage.get("layers").forEach(x -> baseLayers.add(x.get("digest").asText()));
            List<String> layers = new ArrayList<>();
            manifest.get("layers").forEach(x -> layers.add(x.get("digest").asText()));
            assertThat(layers.subList(0, baseLayers.size())).isEqualTo(baseLayers);
            assertThat(layers).hasSizeGreaterThan(baseLayers.size()).hasSizeLessThanOrEqualTo(5);
            JsonNode config = blob(pulled, manifest.get("config").get("digest").asText());
            assertThat(Skopeo.texts(config.get("config").get("Env"))).containsExactly("BASE=1", "PATH=/app/bin", "APP=1");
            assertThat(config.get("config").get("WorkingDir").asText()).isEqualTo("/srv");
            assertThat(config.get("architecture").asText()).isEqualTo(arch);
            // the same image as from the OCI layout of the same base, but for the two base annotations
            ObjectNode withoutBase = manifest.deepCopy();
            ((ObjectNode) withoutBase.get("annotations")).remove(List.of("org.opencontainers.image.base.name", "org.opencontainers.image.base.digest"));
            if (withoutBase.get("annotations").isEmpty()) withoutBase.remove("annotations");
            assertThat(withoutBase).isEqualTo(fromLayout.get(platform));
        }
        // the build request records the base pinned to the digest the tag pointed to
        String requested = Files.readAllLines(tmp.resolve("app-registry.jsonl")).stream().filter(e -> e.contains("\"BuildRequested\"")).findFirst().orElseThrow();
        assertThat(requested).contains("docker://" + registry.host() + "/stowage/base:1@" + baseIndex);
        // and the provenance names it per platform
        JsonNode provenance = null;
        for (JsonNode entry : Json.tree(pulled.resolve("referrers.json")).get("manifests")) {
            if ("application/vnd.in-toto+json".equals(entry.path("artifactType").asText())) {
                provenance = blob(pulled, blob(pulled, entry.get("digest").asText()).get("layers").get(0).get("digest").asText());
            }
        }
        assertThat(provenance).as("provenance in the layout").isNotNull();
        List<String> uris = new ArrayList<>();
        provenance.at("/predicate/buildDefinition/resolvedDependencies").forEach(d -> uris.add(d.path("uri").asText()));
        assertThat(uris).contains("docker://" + registry.host() + "/stowage/base:1@" + baseIndex);
        // skopeo reads the result, and the amd64 image unpacks with the base's files and Stowage's
        Tools.run("skopeo", "copy", "-q", "oci:" + pulled + ":t", "oci:" + tmp.resolve("pulled-amd64") + ":t");
        Tools.run("umoci", "unpack", "--image", tmp.resolve("pulled-amd64") + ":t", tmp.resolve("pulled-bundle").toString());
        assertThat(tmp.resolve("pulled-bundle/rootfs" + hello + "/bin/hello")).isRegularFile();
    }

    @Test
    void aDigestReferenceBuildsTheSameImagesAsTheTagItWasTakenFrom() throws IOException {
        Digest index = registryDigest("stowage/base:1");
        String byDigest = registry.host() + "/stowage/base@" + index;
        Path out = tmp.resolve("on-digest-base");
        Run r = build("app-digest", "\"fromImage\":\"docker://" + byDigest + "\"," + APP, "oci:" + out);
        assertThat(r.exit()).as(r.err()).isZero();
        Path byTag = tmp.resolve("on-tag-base");
        assertThat(build("app-tag", "\"fromImage\":\"docker://" + registry.host() + "/stowage/base:1\"," + APP, "oci:" + byTag).exit()).isZero();
        Map<String, JsonNode> tagged = manifests(byTag);
        for (Map.Entry<String, JsonNode> e : manifests(out).entrySet()) {
            JsonNode manifest = e.getValue();
            assertThat(manifest.at("/annotations/org.opencontainers.image.base.name").asText()).isEqualTo(byDigest);
            JsonNode other = tagged.get(e.getKey());
            assertThat(manifest.at("/annotations/org.opencontainers.image.base.digest")).isEqualTo(other.at("/annotations/org.opencontainers.image.base.digest"));
            assertThat(manifest.get("config")).isEqualTo(other.get("config"));
            assertThat(manifest.get("layers")).isEqualTo(other.get("layers"));
        }
        Run wrong = build("app-wrong-digest", "\"fromImage\":\"docker://" + registry.host() + "/stowage/base@"
                + Digest.ofBytes(new byte[] {7}) + "\"," + APP, "oci:" + tmp.resolve("wrong-digest-out"));
        assertThat(wrong.exit()).as(wrong.err()).isEqualTo(2);
        assertThat(wrong.err()).contains("not found");
    }

    @Test
    void theImagePushedBackToTheRegistryNamesItsBase() throws IOException {
        Run r = build("app-pushed", "\"fromImage\":\"docker://" + registry.host() + "/stowage/base:1\"," + APP,
                "docker://" + registry.host() + "/stowage/app:1");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode baseIndex = Json.reader().readTree(Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", registry.docker("stowage/base:1")));
        for (String arch : List.of("amd64", "arm64")) {
            JsonNode manifest = Json.reader().readTree(Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false",
                    registry.docker("stowage/app@" + platformDigest(registry.docker("stowage/app:1"), arch))));
            assertThat(manifest.at("/annotations/org.opencontainers.image.base.name").asText()).isEqualTo(registry.host() + "/stowage/base:1");
            String baseManifest = null;
            for (JsonNode m : baseIndex.get("manifests")) {
                if (m.at("/platform/architecture").asText().equals(arch)) baseManifest = m.get("digest").asText();
            }
            assertThat(manifest.at("/annotations/org.opencontainers.image.base.digest").asText()).isEqualTo(baseManifest);
        }
    }

    private static String platformDigest(String indexRef, String arch) throws IOException {
        for (JsonNode m : Json.reader().readTree(Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", indexRef)).get("manifests")) {
            if (m.at("/platform/architecture").asText().equals(arch)) return m.get("digest").asText();
        }
        throw new AssertionError("no " + arch + " in " + indexRef);
    }

    @Test
    void aDockerV2ManifestListBaseBecomesOciLayersWithTheSameBytes() throws IOException {
        assertThat(Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", registry.docker("stowage/base-v2:1")))
                .contains("application/vnd.docker.distribution.manifest.list.v2+json");
        Path out = tmp.resolve("on-v2-base");
        Run r = build("app-v2", "\"fromImage\":\"docker://" + registry.host() + "/stowage/base-v2:1\"," + APP, "oci:" + out);
        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, JsonNode> built = manifests(out);
        assertThat(built.keySet()).containsExactly("linux/amd64", "linux/arm64");
        for (Map.Entry<String, JsonNode> e : built.entrySet()) {
            List<String> layers = new ArrayList<>();
            for (JsonNode layer : e.getValue().get("layers")) {
                assertThat(layer.get("mediaType").asText()).startsWith("application/vnd.oci.image.layer.v1.tar");
                layers.add(layer.get("digest").asText());
            }
            List<String> baseLayers = baseLayers(e.getKey().substring("linux/".length()));
            assertThat(layers.subList(0, baseLayers.size())).isEqualTo(baseLayers);
            JsonNode config = blob(out, e.getValue().get("config").get("digest").asText());
            assertThat(Skopeo.texts(config.get("config").get("Env"))).containsExactly("BASE=1", "PATH=/app/bin", "APP=1");
        }
        Tools.run("skopeo", "inspect", "oci:" + out + ":t");
    }

    /** The layer digests of the base's image for {@code arch}, from the OCI layout skopeo copied out of the registry. */
    private static List<String> baseLayers(String arch) throws IOException {
        Path layout = tmp.resolve("from-registry");
        JsonNode index = blob(layout, Json.tree(layout.resolve("index.json")).get("manifests").get(0).get("digest").asText());
        List<String> out = new ArrayList<>();
        for (JsonNode m : index.get("manifests")) {
            if (m.get("platform").get("architecture").asText().equals(arch)) {
                blob(layout, m.get("digest").asText()).get("layers").forEach(x -> out.add(x.get("digest").asText()));
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    @Test
    void aMissingTagOrRepositoryIsABadInputNamingTheReference() throws IOException {
        for (String missing : List.of("stowage/base:nope", "stowage/nothing-here:1")) {
            String ref = "docker://" + registry.host() + "/" + missing;
            String name = "missing-" + missing.replaceAll("[^a-z]", "");
            Path out = tmp.resolve(name + "-out");
            Run r = build(name, "\"fromImage\":\"" + ref + "\"," + APP, "oci:" + out);
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains(ref).contains("not found");
            assertThat(Files.readString(tmp.resolve(name + ".jsonl"))).contains("\"BuildFailed\"").contains("BAD_INPUT");
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void anUnreachableRegistryFailsTheBuildNamingTheReferenceAndWritesNothing() throws IOException {
        int closed = LoopbackPort.closed();
        String ref = "docker://127.0.0.1:" + closed + "/stowage/base:1";
        Path out = tmp.resolve("unreachable-out");
        Run r = build("unreachable", "\"fromImage\":\"" + ref + "\"," + APP, "oci:" + out);
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(ref).contains("127.0.0.1:" + closed);
        assertThat(Files.readString(tmp.resolve("unreachable.jsonl"))).contains("\"BuildFailed\"");
        assertThat(out).doesNotExist();
    }
}
