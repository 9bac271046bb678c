package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image features of issue 7 through the whole embedded pipeline, checked inside the produced layers. */
class FeaturesTest {
    @TempDir Path tmp;
    private SyntheticClosure closure;
    private FileSystemBlobStore store;

    @BeforeEach
    void setUp() throws IOException {
        closure = new SyntheticClosure(tmp.resolve("input"));
        store = new FileSystemBlobStore(tmp.resolve("blobs"));
    }

    private Path lastLayout;

    private JsonNode build(String specJson) throws IOException {
        Path spec = closure.writeSpec("features.json", specJson);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        lastLayout = tmp.resolve("out-" + System.nanoTime());
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "build", spec.toString(),
                "--out", "oci:" + lastLayout, "--store-root", closure.storeRoot.toString(),
                "--blob-store", store.root().toString(), "--audit-log", tmp.resolve("audit.jsonl").toString(), "--json");
        assertThat(exit).as(err.toString()).isZero();
        return Json.reader().readTree(out.toString());
    }

    private static String spec(String fields, String platformFields) {
        return "{\"name\":\"example/features\",\"tag\":\"1.0\"," + fields
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"closure.json\"" + platformFields + "}]}";
    }

    private Map<String, LayerContents.Entry> layer(JsonNode result, int index) throws IOException {
        JsonNode l = result.get("platforms").get(0).get("layers").get(index);
        return LayerContents.read(store, Digest.parse(l.get("digest").asText()), l.get("mediaType").asText());
    }

    private JsonNode config(JsonNode result) throws IOException {
        return Json.reader().readTree(store.readAll(Digest.parse(result.get("platforms").get(0).get("config").asText())));
    }

    @Test
    void customisationLayerHoldsRootContentWithModesOwnersAndLinks() throws IOException {
        JsonNode r = build(spec("\"tmpDirs\":true,\"usrBinEnv\":false,\"binSh\":true,"
                + "\"fakeNss\":{\"users\":[{\"name\":\"root\",\"uid\":0,\"gid\":0,\"home\":\"/root\",\"shell\":\"/bin/sh\"},"
                + "{\"name\":\"app\",\"uid\":1000,\"gid\":1000,\"home\":\"/home/app\",\"groups\":[\"app\"]}],"
                + "\"groups\":[{\"name\":\"root\",\"gid\":0},{\"name\":\"app\",\"gid\":1000}]},"
                + "\"files\":[{\"path\":\"/etc/app/config.toml\",\"text\":\"port = 8080\\n\",\"mode\":\"0640\",\"uid\":1000,\"gid\":1000},"
                + "{\"path\":\"/data\",\"type\":\"directory\",\"mode\":\"0700\",\"uid\":1000,\"gid\":1000},"
                + "{\"path\":\"/usr/local/bin/hello\",\"type\":\"symlink\",\"target\":\"" + SyntheticClosure.APP + "/bin/hello\"}],"
                + "\"perms\":[{\"regex\":\"/home/app\",\"mode\":\"0750\",\"uid\":1000,\"gid\":1000}],",
                ",\"copyToRoot\":[\"" + SyntheticClosure.APP + "\"]"));
        JsonNode layers = r.get("platforms").get(0).get("layers");
        assertThat(layers).hasSize(5); // 4 store paths + customisation, last
        Map<String, LayerContents.Entry> c = layer(r, 4);
        List<String> listing = c.values().stream().map(LayerContents.Entry::describe).toList();
        assertThat(listing).contains(
                "l 0777 0:0 bin/hello -> " + SyntheticClosure.APP + "/bin/hello",
                "l 0777 0:0 bin/hi -> " + SyntheticClosure.APP + "/bin/hi",
                "l 0777 0:0 bin/sh -> " + SyntheticClosure.APP + "/bin/sh",
                "d 1777 0:0 tmp", "d 1777 0:0 var/tmp",
                "f 0640 1000:1000 etc/app/config.toml", "d 0700 1000:1000 data",
                "l 0777 0:0 usr/local/bin/hello -> " + SyntheticClosure.APP + "/bin/hello",
                "d 0750 1000:1000 home/app", "f 0644 0:0 etc/passwd", "f 0640 0:0 etc/shadow");
        assertThat(c.get("etc/app/config.toml").text()).isEqualTo("port = 8080\n");
        assertThat(c.get("etc/passwd").text()).isEqualTo("root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/false\n");
        assertThat(c.get("etc/group").text()).isEqualTo("root:x:0:\napp:x:1000:app\n");
        assertThat(c.get("etc/nsswitch.conf").text()).contains("hosts:     files dns");
        assertThat(config(r).get("history").get(4).get("comment").asText()).startsWith("customisation layer");
    }

    @Test
    void binShWithoutAShellInCopyToRootIsBadInput() throws IOException {
        Path spec = closure.writeSpec("bad.json", spec("\"binSh\":true,", ",\"copyToRoot\":[\"" + SyntheticClosure.DATA + "\"]"));
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "build", spec.toString(),
                "--out", "oci:" + tmp.resolve("bad"), "--store-root", closure.storeRoot.toString(),
                "--blob-store", store.root().toString(), "--audit-log", tmp.resolve("audit.jsonl").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("binSh").contains("bin/sh or bin/bash");
        assertThat(tmp.resolve("bad")).doesNotExist();
    }

    @Test
    void includeStorePathsFalseLeavesOnlyTheCustomisationLayer() throws IOException {
        JsonNode r = build(spec("\"includeStorePaths\":false,\"tmpDirs\":true,\"config\":{\"Cmd\":[\"" + SyntheticClosure.APP + "/bin/hello\"]},", ""));
        JsonNode layers = r.get("platforms").get(0).get("layers");
        assertThat(layers).hasSize(1);
        assertThat(layer(r, 0).keySet()).containsExactly("tmp", "var", "var/tmp");
        assertThat(config(r).get("config").get("Cmd").get(0).asText()).isEqualTo(SyntheticClosure.APP + "/bin/hello");
    }

    @Test
    void explicitLayersComeFirstWithoutDuplicates() throws IOException {
        JsonNode r = build(spec("", ",\"layers\":[{\"deps\":[\"" + SyntheticClosure.LIB + "\"]},"
                + "{\"deps\":[\"" + SyntheticClosure.APP + "\"]}]"));
        JsonNode layers = r.get("platforms").get(0).get("layers");
        assertThat(layers).hasSize(2);
        assertThat(layers.get(0).get("paths")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(SyntheticClosure.LIB, SyntheticClosure.LIBC);
        assertThat(layers.get(1).get("paths")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(SyntheticClosure.APP, SyntheticClosure.DATA);
        Set<String> seen = new HashSet<>();
        for (JsonNode l : layers) for (JsonNode p : l.get("paths")) assertThat(seen.add(p.asText())).as(p.asText()).isTrue();
    }

    @Test
    void customStoreDirPlacesParentsAndPaths() throws IOException {
        SyntheticClosure gnu = new SyntheticClosure(tmp.resolve("gnu"), "/gnu/store");
        closure = gnu;
        JsonNode r = build(spec("\"storeDir\":\"/gnu/store\",\"maxLayers\":2,", ""));
        Map<String, LayerContents.Entry> l = layer(r, 0);
        List<String> names = new ArrayList<>(l.keySet());
        assertThat(names.subList(0, 2)).containsExactly("gnu", "gnu/store");
        assertThat(l.get("gnu").mode()).isEqualTo(0755);
        assertThat(names).contains(SyntheticClosure.APP.replace("/nix/store", "gnu/store") + "/bin/hello");
        assertThat(names).noneMatch(n -> n.startsWith("nix"));
    }

    @Test
    void metadataTagsAndCompressionLevel() throws IOException {
        JsonNode r = build(spec("\"compression\":\"zstd\",\"compressionLevel\":12,\"tags\":[\"latest\",\"1\"],"
                + "\"metadata\":{\"description\":\"a greeting\",\"source\":\"https://example.org/src\",\"licenses\":\"MIT\","
                + "\"version\":\"1.0\",\"revision\":\"abc123\"},\"config\":{\"Labels\":{\"org.opencontainers.image.version\":\"1.0-custom\"}},", ""));
        JsonNode layer0 = r.get("platforms").get(0).get("layers").get(0);
        assertThat(layer0.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
        JsonNode labels = config(r).get("config").get("Labels");
        assertThat(labels.get("org.opencontainers.image.description").asText()).isEqualTo("a greeting");
        assertThat(labels.get("org.opencontainers.image.version").asText()).isEqualTo("1.0-custom");
        JsonNode index = Json.reader().readTree(store.readAll(Digest.parse(r.get("index").asText())));
        assertThat(index.get("annotations").get("org.opencontainers.image.licenses").asText()).isEqualTo("MIT");
        assertThat(index.get("annotations").get("org.opencontainers.image.revision").asText()).isEqualTo("abc123");
        JsonNode manifest = Json.reader().readTree(store.readAll(Digest.parse(r.get("platforms").get(0).get("manifest").asText())));
        assertThat(manifest.get("annotations").get("org.opencontainers.image.source").asText()).isEqualTo("https://example.org/src");
        List<String> refNames = new ArrayList<>();
        for (JsonNode m : Json.tree(lastLayout.resolve("index.json")).get("manifests")) {
            if (m.has("artifactType")) continue; // SBOM and provenance, see ProvenanceTest
            assertThat(m.get("digest").asText()).isEqualTo(r.get("index").asText());
            refNames.add(m.get("annotations").get("org.opencontainers.image.ref.name").asText());
        }
        assertThat(refNames).containsExactlyInAnyOrder("1.0", "latest", "1");
    }

    private Path buildBase(String out) throws IOException {
        Path spec = closure.writeSpec("base.json", "{\"name\":\"example/base\",\"tag\":\"b1\",\"maxLayers\":3,"
                + "\"config\":{\"Env\":[\"PATH=/base/bin\",\"LANG=C\"],\"Cmd\":[\"/base/cmd\"],\"WorkingDir\":\"/srv\"},"
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"closure.json\"}]}");
        Path target = tmp.resolve(out);
        StringWriter err = new StringWriter();
        String[] args = out.endsWith(".tar")
                ? new String[] {"build", spec.toString(), "--out", "docker-archive:" + target}
                : new String[] {"build", spec.toString(), "--out", "oci:" + target};
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store-root", closure.storeRoot.toString(), "--blob-store", tmp.resolve("base-blobs").toString(),
                "--audit-log", tmp.resolve("audit.jsonl").toString()));
        assertThat(Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), all.toArray(String[]::new)))
                .as(err.toString()).isZero();
        return target;
    }

    @Test
    void fromImageOciLayoutPutsBaseLayersFirstAndMergesConfig() throws IOException {
        Path base = buildBase("base-oci");
        JsonNode r = build(spec("\"fromImage\":\"oci:" + base + ":b1\",\"maxLayers\":5,"
                + "\"config\":{\"Env\":[\"LANG=C.UTF-8\",\"APP=1\"],\"Cmd\":[\"/app\"]},", ",\"copyToRoot\":[\"" + SyntheticClosure.DATA + "\"]"));
        JsonNode config = config(r);
        // base: 2 layers; maxLayers 5 leaves 5 - 1 - 2 = 2 store layers; then the customisation layer
        assertThat(config.get("rootfs").get("diff_ids")).hasSize(2 + 2 + 1);
        assertThat(config.get("config").get("Env")).extracting(JsonNode::asText).containsExactly("PATH=/base/bin", "LANG=C.UTF-8", "APP=1");
        assertThat(config.get("config").get("Cmd").get(0).asText()).isEqualTo("/app");
        assertThat(config.get("config").get("WorkingDir").asText()).isEqualTo("/srv");
        JsonNode manifest = Json.reader().readTree(store.readAll(Digest.parse(r.get("platforms").get(0).get("manifest").asText())));
        JsonNode baseIndex = Json.tree(base.resolve("index.json"));
        String baseIndexDigest = baseIndex.get("manifests").get(0).get("digest").asText();
        JsonNode baseManifests = Json.tree(base.resolve("blobs/sha256/" + baseIndexDigest.substring(7)));
        JsonNode baseManifest = Json.tree(base.resolve("blobs/sha256/"
                + baseManifests.get("manifests").get(0).get("digest").asText().substring(7)));
        assertThat(manifest.get("layers").get(0).get("digest")).isEqualTo(baseManifest.get("layers").get(0).get("digest"));
        assertThat(manifest.get("layers").get(1).get("digest")).isEqualTo(baseManifest.get("layers").get(1).get("digest"));
    }

    @Test
    void fromImageDockerArchive() throws IOException {
        Path base = buildBase("base.tar");
        JsonNode r = build(spec("\"fromImage\":\"docker-archive:" + base + "\",\"maxLayers\":5,", ""));
        JsonNode config = config(r);
        assertThat(config.get("rootfs").get("diff_ids")).hasSize(2 + 2);
        JsonNode manifest = Json.reader().readTree(store.readAll(Digest.parse(r.get("platforms").get(0).get("manifest").asText())));
        // docker-archive layers are plain tars: their blob digest is their diffID.
        assertThat(manifest.get("layers").get(0).get("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar");
        assertThat(manifest.get("layers").get(0).get("digest")).isEqualTo(config.get("rootfs").get("diff_ids").get(0));
        assertThat(config.get("config").get("Cmd").get(0).asText()).isEqualTo("/base/cmd");
    }

    @Test
    void maxLayersTooSmallForTheBaseIsAClearError() throws IOException {
        Path base = buildBase("base-small");
        Path spec = closure.writeSpec("tight.json", spec("\"fromImage\":\"oci:" + base + "\",\"maxLayers\":3,", ""));
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "build", spec.toString(),
                "--out", "oci:" + tmp.resolve("tight"), "--store-root", closure.storeRoot.toString(),
                "--blob-store", store.root().toString(), "--audit-log", tmp.resolve("audit.jsonl").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("maxLayers").contains("no room").contains("2 base");
        assertThat(tmp.resolve("tight")).doesNotExist();
    }

    @Test
    void autoLayeringPlacesEveryPathOnceWithinTheBudget() throws IOException {
        JsonNode r = build(spec("\"layering\":\"auto\",\"maxLayers\":3,\"maxLayerSize\":1,", ""));
        JsonNode layers = r.get("platforms").get(0).get("layers");
        assertThat(layers.size()).isEqualTo(2);
        List<String> all = new ArrayList<>();
        for (JsonNode l : layers) for (JsonNode p : l.get("paths")) all.add(p.asText());
        assertThat(all).containsExactlyInAnyOrder(SyntheticClosure.APP, SyntheticClosure.LIB, SyntheticClosure.LIBC, SyntheticClosure.DATA);
    }
}
