package dev.stowage.it.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.cli.Main;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.OciLayouts;
import dev.stowage.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arm64-without-emulation recipe of docs/cross-platform.md: store paths whose NARs sit in a
 * signed {@code file://} binary cache ({@code nix copy --to file://…?compression=zstd&secret-key=…}) become a
 * {@code linux/arm64} image on this amd64 host, with no store to read and nothing executed. The
 * paths are built here for the host (nix-bin cannot build aarch64), so their bytes are arbitrary
 * but real; the image declares the platform the Nix evaluation was for. Checked: the index and
 * config say linux/arm64, and every layer has the diffID of the same layer built from the realised
 * store — for a spec with a cache source and for a dockerTools conf.json with architecture arm64.
 */
class CrossPlatformCacheTest {
    @TempDir static Path tmp;
    static NixStore nix;
    static Path conf;
    static JsonNode confJson;
    static Path cache;
    static String hello;
    static String publicKey;

    @BeforeAll
    static void buildAndCache() throws IOException {
        nix = new NixStore(tmp.resolve("nix"));
        String confPath = nix.outputs(nix.resource("dockertools-conf.nix"), Map.of("architecture", "\"arm64\"")).get(0);
        conf = nix.root().resolve(confPath.substring(1));
        confJson = Json.tree(conf);
        List<String> paths = new ArrayList<>();
        confJson.get("store_layers").forEach(layer -> layer.forEach(p -> paths.add(p.asText())));
        hello = paths.get(0);
        nix.pathInfo(tmp.resolve("closure.json"), paths.toArray(String[]::new));
        // a signed cache, as an arm64 CI would publish it
        Path secret = Files.writeString(tmp.resolve("cache.sec"), nix.run("nix", "key", "generate-secret", "--key-name", "arm64-ci-1"));
        publicKey = nix.run("sh", "-c", "nix key convert-secret-to-public < \"$0\"", secret.toString()).strip();
        cache = nix.copyToCache(tmp.resolve("cache"), "zstd&secret-key=" + secret, paths.toArray(String[]::new));
    }

    private static JsonNode stowage(String... args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(exit).as(err.toString()).isZero();
        return Json.reader().readTree(out.toString());
    }

    private static List<String> common(Path layout, Path storeRoot) {
        return List.of("--out", "oci:" + layout, "--store-root", storeRoot.toString(), "--blob-store", tmp.resolve("blobs-" + layout.getFileName()).toString(),
                "--audit-log", tmp.resolve("audit.jsonl").toString(), "--json");
    }

    private static List<String> diffIds(OciLayouts.Image image) {
        List<String> ids = new ArrayList<>();
        image.config().get("rootfs").get("diff_ids").forEach(d -> ids.add(d.asText()));
        return ids;
    }

    private static OciLayouts.Image only(Path layout) throws IOException {
        List<OciLayouts.Image> images = OciLayouts.images(layout);
        assertThat(images).hasSize(1);
        return images.get(0);
    }

    @Test
    void aSpecWithACacheSourceGivesAnArm64ImageWithTheStoresLayers() throws IOException {
        Path arm = tmp.resolve("arm64");
        Path armSpec = Files.writeString(tmp.resolve("arm64.json"), "{\"name\":\"stowage-it/cross\",\"tag\":\"1\",\"platforms\":[{\"platform\":\"linux/arm64\","
                + "\"roots\":[\"" + hello + "\"],\"source\":{\"cache\":\"file://" + cache + "\",\"trustedPublicKeys\":[\"" + publicKey + "\"]}}]}");
        List<String> args = new ArrayList<>(List.of("build", armSpec.toString()));
        args.addAll(common(arm, Files.createDirectories(tmp.resolve("no-store")))); // nothing is read from a store
        stowage(args.toArray(String[]::new));

        Path amd = tmp.resolve("amd64");
        Path amdSpec = Files.writeString(tmp.resolve("amd64.json"), "{\"name\":\"stowage-it/cross\",\"tag\":\"1\",\"platforms\":[{\"platform\":\"linux/amd64\","
                + "\"closure\":\"closure.json\",\"roots\":[\"" + hello + "\"]}]}");
        args = new ArrayList<>(List.of("build", amdSpec.toString()));
        args.addAll(common(amd, nix.root()));
        stowage(args.toArray(String[]::new));

        OciLayouts.Image arm64 = only(arm);
        OciLayouts.Image amd64 = only(amd);
        assertThat(arm64.platform()).isEqualTo("linux/arm64");
        assertThat(arm64.config().get("architecture").asText()).isEqualTo("arm64");
        assertThat(arm64.config().get("os").asText()).isEqualTo("linux");
        assertThat(diffIds(arm64)).hasSize(5).isEqualTo(diffIds(amd64)); // the five store paths, one layer each
        assertThat(OciLayouts.layers(arm, arm64)).isEqualTo(OciLayouts.layers(amd, amd64));
    }

    @Test
    void aDockerToolsConfForArm64BuildsFromTheCache() throws IOException {
        Path arm = tmp.resolve("conf-arm64");
        List<String> args = new ArrayList<>(List.of("build", "--dockertools-conf", conf.toString(), "--cache", "file://" + cache, "--trusted-public-key", publicKey));
        args.addAll(common(arm, nix.root())); // only the customisation layer (a local store path) is read from the store root
        JsonNode result = stowage(args.toArray(String[]::new));
        assertThat(result.get("platforms").get(0).get("platform").asText()).isEqualTo("linux/arm64");

        Path fromStore = tmp.resolve("conf-store");
        args = new ArrayList<>(List.of("build", "--dockertools-conf", conf.toString(), "--closure", tmp.resolve("closure.json").toString()));
        args.addAll(common(fromStore, nix.root()));
        stowage(args.toArray(String[]::new));

        OciLayouts.Image image = only(arm);
        assertThat(image.platform()).isEqualTo("linux/arm64");
        assertThat(image.config().get("architecture").asText()).isEqualTo("arm64");
        assertThat(diffIds(image)).hasSize(confJson.get("store_layers").size() + 1).isEqualTo(diffIds(only(fromStore)));
    }
}
