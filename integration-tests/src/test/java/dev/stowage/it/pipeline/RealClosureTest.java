package dev.stowage.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.cli.Main;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.RootfsComparison;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.Tools;
import dev.stowage.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton against real tools: a closure built by nix-bin, packed by `stowage build`,
 * checked by skopeo and umoci (independent readers) file by file against the store.
 */
class RealClosureTest {
    @TempDir static Path tmp;
    static NixStore nix;
    static String hello;
    static List<String> closure;

    @BeforeAll
    static void buildClosure() throws IOException {
        nix = new NixStore(tmp.resolve("nix"));
        hello = nix.buildResource("sample-closure.nix");
        closure = nix.closure(hello);
        nix.pathInfo(tmp.resolve("path-info.json"), hello);
    }

    private JsonNode build(String name, int maxLayers, String... outputs) throws IOException {
        Path spec = Files.writeString(tmp.resolve(name + ".json"), "{\"name\":\"stowage-it/" + name + "\",\"tag\":\"t1\",\"maxLayers\":" + maxLayers
                + ",\"config\":{\"Cmd\":[\"" + hello + "/bin/hello\"]},\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"path-info.json\"}]}");
        List<String> args = new ArrayList<>(List.of("build", spec.toString(), "--store-root", nix.root().toString(),
                "--blob-store", tmp.resolve("blobs").toString(), "--audit-log", tmp.resolve("audit.jsonl").toString(), "--json"));
        for (String o : outputs) args.addAll(List.of("--out", o));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        assertThat(exit).as(err.toString()).isZero();
        return Json.reader().readTree(out.toString());
    }

    @Test
    void everyStorePathUnpacksWithIdenticalBytesModesAndLinks() throws IOException {
        assertThat(closure).hasSize(4);
        Path layout = tmp.resolve("layout");
        JsonNode result = build("full", 100, "oci:" + layout);
        JsonNode inspect = Skopeo.inspect("inspect", "oci:" + layout + ":t1");
        assertThat(inspect.get("Digest").asText()).isEqualTo(result.get("index").asText()); // skopeo reports the index for an index ref
        assertThat(inspect.get("Layers")).hasSize(4);
        Tools.run("skopeo", "copy", "-q", "oci:" + layout + ":t1", "oci:" + tmp.resolve("single") + ":t1");
        Path bundle = tmp.resolve("bundle");
        Tools.run("umoci", "unpack", "--image", tmp.resolve("single") + ":t1", bundle.toString());
        for (String path : closure) RootfsComparison.assertSame(nix.root(), bundle.resolve("rootfs"), path);
        assertThat(Files.isSymbolicLink(bundle.resolve("rootfs" + hello + "/share/greeting"))).isTrue();
        assertThat(sbomStorePaths(layout)).containsExactlyInAnyOrderElementsOf(closure);
    }

    /** The store paths the CycloneDX SBOM attached to the image lists. */
    private static List<String> sbomStorePaths(Path layout) throws IOException {
        List<String> paths = new ArrayList<>();
        for (JsonNode entry : Json.tree(layout.resolve("referrers.json")).get("manifests")) {
            if (!"application/vnd.cyclonedx+json".equals(entry.path("artifactType").asText())) continue;
            JsonNode artifact = Json.tree(layout.resolve("blobs/sha256/" + entry.get("digest").asText().substring(7)));
            JsonNode sbom = Json.tree(layout.resolve("blobs/sha256/"
                    + artifact.get("layers").get(0).get("digest").asText().substring(7)));
            for (JsonNode c : sbom.get("components")) paths.add(c.get("bom-ref").asText());
        }
        return paths;
    }

    @Test
    void fewerLayersThanPathsStillHoldsEveryPathAndTheDockerArchiveLoads() throws IOException {
        Path archive = tmp.resolve("image.tar");
        JsonNode result = build("tight", 3, "docker-archive:" + archive);
        assertThat(result.get("platforms").get(0).get("layers")).hasSize(2); // maxLayers 3: budget 2 store layers
        Path copied = tmp.resolve("from-archive");
        Tools.run("skopeo", "copy", "-q", "docker-archive:" + archive, "oci:" + copied + ":t1");
        JsonNode inspect = Skopeo.inspect("inspect", "docker-archive:" + archive);
        assertThat(inspect.get("Layers")).hasSize(2);
        Path bundle = tmp.resolve("bundle-archive");
        Tools.run("umoci", "unpack", "--image", copied + ":t1", bundle.toString());
        for (String path : closure) RootfsComparison.assertSame(nix.root(), bundle.resolve("rootfs"), path);
    }
}
