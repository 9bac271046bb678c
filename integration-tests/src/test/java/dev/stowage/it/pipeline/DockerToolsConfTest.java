package dev.stowage.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.cli.Main;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.OciLayouts;
import dev.stowage.it.harness.Tools;
import dev.stowage.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code stowage build --dockertools-conf}: a conf.json written field for field as nixpkgs'
 * streamLayeredImage writes it (test resource dockertools-conf.nix, built with nix-bin), over real
 * store paths. The image has exactly the conf's store_layers grouping, in order, then the
 * customisation layer's layer.tar byte for byte (its diffID is the conf's checksum), and the conf's
 * config; it runs under runc; what cannot be honoured is refused naming the conf field.
 */
class DockerToolsConfTest {
    @TempDir static Path tmp;
    static NixStore nix;
    static Path conf;
    static JsonNode confJson;
    static Path closure;

    record Run(int exit, String out, String err) {
        /** The one error line without the command's own prefix. */
        String error() {
            return err.strip().replaceFirst("^stowage: error: ", "");
        }
    }

    @BeforeAll
    static void buildConf() throws IOException {
        nix = new NixStore(tmp.resolve("nix"));
        String confPath = nix.buildResource("dockertools-conf.nix");
        conf = nix.root().resolve(confPath.substring(1));
        confJson = Json.tree(conf);
        List<String> paths = new ArrayList<>();
        confJson.get("store_layers").forEach(layer -> layer.forEach(p -> paths.add(p.asText())));
        closure = nix.pathInfo(tmp.resolve("closure.json"), paths.toArray(String[]::new));
    }

    static Run stowage(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run build(Path confFile, Path layout, String... extra) {
        List<String> args = new ArrayList<>(List.of("build", "--dockertools-conf", confFile.toString(), "--store-root", nix.root().toString(),
                "--blob-store", tmp.resolve("blobs").toString(), "--audit-log", tmp.resolve("audit.jsonl").toString(),
                "--out", "oci:" + layout, "--json"));
        args.addAll(List.of(extra));
        return stowage(args.toArray(String[]::new));
    }

    @Test
    void imageHasTheConfsStoreLayersThenItsCustomisationLayerAndConfig() throws IOException {
        Path layout = tmp.resolve("layout");
        Run r = build(conf, layout, "--closure", closure.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<OciLayouts.Image> images = OciLayouts.images(layout);
        assertThat(images).hasSize(1);
        OciLayouts.Image image = images.get(0);
        assertThat(image.platform()).isEqualTo("linux/amd64");
        List<List<OciLayouts.Entry>> layers = OciLayouts.layers(layout, image);
        JsonNode storeLayers = confJson.get("store_layers");
        assertThat(layers).hasSize(storeLayers.size() + 1);
        for (int i = 0; i < storeLayers.size(); i++) {
            List<String> expected = new ArrayList<>(List.of("nix", "nix/store"));
            for (JsonNode p : storeLayers.get(i)) expected.addAll(storeNames(p.asText()));
            assertThat(layers.get(i)).extracting(OciLayouts.Entry::name).as("layer %d", i).containsExactlyInAnyOrderElementsOf(expected);
        }
        Path layerTar = nix.root().resolve(confJson.get("customisation_layer").asText().substring(1)).resolve("layer.tar");
        List<OciLayouts.Entry> given;
        try (InputStream in = Files.newInputStream(layerTar)) {
            given = OciLayouts.entries(in);
        }
        assertThat(given).extracting(OciLayouts.Entry::name).contains("bin/hello", "etc/setup.sh", "tmp", "var/empty");
        assertThat(layers.get(storeLayers.size())).containsExactlyElementsOf(given);
        // the customisation layer is layer.tar byte for byte, as stream_layered_image.py copies it: its diffID is the checksum
        String checksum = Files.readString(layerTar.resolveSibling("checksum")).strip();
        assertThat(image.config().get("rootfs").get("diff_ids").get(storeLayers.size()).asText()).isEqualTo("sha256:" + checksum);
        JsonNode last = image.manifest().get("layers").get(storeLayers.size());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(OciLayouts.blob(layout, last.get("digest").asText())))) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(layerTar));
        }
        assertThat(image.config().get("config")).isEqualTo(confJson.get("config"));
        assertThat(image.config().get("architecture").asText()).isEqualTo("amd64");
        assertThat(image.config().get("created").asText()).isEqualTo("1970-01-01T00:00:01Z");
        assertThat(Json.reader().readTree(r.out()).get("tag").asText()).isEqualTo("conf-1");
        assertThat(Json.reader().readTree(r.out()).get("name").asText()).isEqualTo("stowage-it/dockertools");
    }

    @Test
    void theImageRuns() throws IOException {
        Path layout = tmp.resolve("run-layout");
        Run r = build(conf, layout, "--closure", closure.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Path single = tmp.resolve("run-single");
        Tools.run("skopeo", "copy", "-q", "oci:" + layout + ":conf-1", "oci:" + single + ":conf-1");
        Path bundle = tmp.resolve("run-bundle");
        Tools.run("umoci", "unpack", "--image", single + ":conf-1", bundle.toString());
        ObjectNode runtime = (ObjectNode) Json.tree(bundle.resolve("config.json"));
        ((ObjectNode) runtime.get("process")).put("terminal", false);
        Files.writeString(bundle.resolve("config.json"), Json.writer().writeValueAsString(runtime));
        // Cmd /bin/hello: a customisation-layer link to a busybox sh script in store layer 1 reading a file of store layer 3
        assertThat(Tools.run("runc", "run", "--bundle", bundle.toString(), "stowage-dockertools-" + ProcessHandle.current().pid()))
                .isEqualTo("hello, world\n");
    }

    @Test
    void planShowsTheConfsGrouping() throws IOException {
        Run r = stowage("plan", "--dockertools-conf", conf.toString(), "--closure", closure.toString(),
                "--store-root", nix.root().toString(), "--blob-store", tmp.resolve("blobs").toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode layers = Json.reader().readTree(r.out()).get(0).get("layers");
        List<List<String>> planned = new ArrayList<>();
        for (JsonNode l : layers) planned.add(Json.reader().treeToValue(l.get("paths"), List.class));
        List<List<String>> given = new ArrayList<>();
        for (JsonNode l : confJson.get("store_layers")) given.add(Json.reader().treeToValue(l, List.class));
        assertThat(planned).isEqualTo(given.stream().map(l -> l.stream().sorted().toList()).toList());
    }

    /** Every entry name of a store path in a layer, relative to the image root. */
    private static List<String> storeNames(String storePath) throws IOException {
        Path top = nix.root().resolve(storePath.substring(1));
        try (Stream<Path> s = Files.walk(top)) {
            return s.map(p -> storePath.substring(1) + (p.equals(top) ? "" : "/" + top.relativize(p))).toList();
        }
    }

    private static Path gzipFile() {
        Path f = tmp.resolve("base.tar.gz");
        try {
            if (!Files.exists(f)) {
                try (var out = new GZIPOutputStream(Files.newOutputStream(f))) {
                    out.write(new byte[1024]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    static Stream<Arguments> refusals() {
        String fake = "/nix/store/00000000000000000000000000000000-not-there-1.0";
        return Stream.of(
                Arguments.of("created", (Consumer<ObjectNode>) c -> c.put("created", "now"), "created: \"now\" is not reproducible"),
                Arguments.of("mtime", (Consumer<ObjectNode>) c -> c.put("mtime", "yesterday"), "mtime: 'yesterday' is not an ISO-8601 time"),
                Arguments.of("uid", (Consumer<ObjectNode>) c -> c.put("uid", "1000"), "uid: 1000: Stowage writes store paths owned by 0:0"),
                Arguments.of("gname", (Consumer<ObjectNode>) c -> c.put("gname", "users"), "gname: 'users'"),
                Arguments.of("os", (Consumer<ObjectNode>) c -> c.put("os", "windows"), "os: 'windows'"),
                Arguments.of("from_image", (Consumer<ObjectNode>) c -> c.put("from_image", "/no/such/base.tar.gz"), "from_image: /no/such/base.tar.gz: no such docker archive"),
                Arguments.of("from_image gzip", (Consumer<ObjectNode>) c -> c.put("from_image", gzipFile().toString()), "from_image: " + gzipFile() + " is gzip-compressed"),
                Arguments.of("unknown", (Consumer<ObjectNode>) c -> c.put("extraCommands", "true"), "unknown field 'extraCommands'"),
                Arguments.of("config", (Consumer<ObjectNode>) c -> ((ObjectNode) c.get("config")).putObject("Healthcheck"), "config.Healthcheck: unknown field 'Healthcheck'"),
                Arguments.of("store_layers type", (Consumer<ObjectNode>) c -> c.put("store_layers", "all"), "store_layers: expected a list, got a string"),
                Arguments.of("not a store path", (Consumer<ObjectNode>) c -> ((ArrayNode) c.get("store_layers").get(0)).add("/usr/bin/env"), "store_layers[0][1]: not a store path"),
                Arguments.of("not in the closure", (Consumer<ObjectNode>) c -> ((ArrayNode) c.get("store_layers").get(2)).add(fake), "store_layers[2]: " + fake + " is not in the closure"),
                Arguments.of("twice", (Consumer<ObjectNode>) c -> ((ArrayNode) c.get("store_layers").get(2)).add(c.get("store_layers").get(0).get(0).asText()),
                        "store_layers[2][" + confJson.get("store_layers").get(2).size() + "]: " + confJson.get("store_layers").get(0).get(0).asText()
                                + " is already in store_layers[0]"),
                Arguments.of("missing reference", (Consumer<ObjectNode>) c -> ((ArrayNode) c.get("store_layers").get(1)).remove(1), "store_layers: " + confJson.get("store_layers").get(1).get(0).asText() + " references "),
                Arguments.of("empty layers", (Consumer<ObjectNode>) c -> c.putArray("store_layers"), "store_layers: is empty (includeStorePaths = false)"),
                Arguments.of("repo_tag", (Consumer<ObjectNode>) c -> c.put("repo_tag", "Upper/Case:1"), "repo_tag: name 'Upper/Case'"),
                Arguments.of("architecture", (Consumer<ObjectNode>) c -> c.remove("architecture"), "architecture: is required"),
                Arguments.of("customisation_layer", (Consumer<ObjectNode>) c -> c.put("customisation_layer", tmp.resolve("no-layer").toString()), "customisation_layer: " + tmp.resolve("no-layer/layer.tar") + " does not exist"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWhatItCannotHonourNamingTheField(String name, Consumer<ObjectNode> change, String message) throws IOException {
        ObjectNode changed = (ObjectNode) confJson.deepCopy();
        change.accept(changed);
        Path file = Files.writeString(tmp.resolve("conf-" + name.replace(' ', '-') + ".json"), Json.writer().writeValueAsString(changed));
        Path layout = tmp.resolve("refused-" + name.replace(' ', '-'));
        Run r = build(file, layout, "--closure", closure.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.error()).startsWith(file + ": ").contains(message).doesNotContain("\n").doesNotContain("Exception");
        assertThat(layout).doesNotExist();
    }

    @Test
    void fromImageLayersComeFirstAndItsEnvIsOverlaidAsTheScriptDoes() throws IOException {
        String libfoo = confJson.get("store_layers").get(1).get(1).asText();
        Path baseSpec = Files.writeString(tmp.resolve("base.json"), "{\"name\":\"stowage-it/base\",\"tag\":\"b\",\"config\":{\"Env\":[\"PATH=/base/bin\",\"BASE=1\"],"
                + "\"Cmd\":[\"/base\"]},\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"" + closure + "\",\"roots\":[\"" + libfoo + "\"]}]}");
        Path archive = tmp.resolve("base.tar");
        Run base = stowage("build", baseSpec.toString(), "--store-root", nix.root().toString(), "--blob-store", tmp.resolve("blobs").toString(),
                "--audit-log", tmp.resolve("audit.jsonl").toString(), "--out", "docker-archive:" + archive);
        assertThat(base.exit()).as(base.err()).isZero();
        ObjectNode withBase = ((ObjectNode) confJson.deepCopy()).put("from_image", archive.toString());
        Path file = Files.writeString(tmp.resolve("conf-from-image.json"), Json.writer().writeValueAsString(withBase));
        Path layout = tmp.resolve("from-image");
        Run r = build(file, layout, "--closure", closure.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        OciLayouts.Image image = OciLayouts.images(layout).get(0);
        List<List<OciLayouts.Entry>> layers = OciLayouts.layers(layout, image);
        assertThat(layers).hasSize(1 + confJson.get("store_layers").size() + 1);
        assertThat(layers.get(0)).extracting(OciLayouts.Entry::name).contains(libfoo.substring(1) + "/lib/libfoo.so");
        assertThat(layers.get(1)).extracting(OciLayouts.Entry::name).contains(confJson.get("store_layers").get(0).get(0).asText().substring(1));
        // stream_layered_image.py: base Env + conf Env, one entry per name, the last value wins, first position kept
        assertThat(Json.reader().treeToValue(image.config().get("config").get("Env"), String[].class))
                .containsExactly("PATH=/bin", "BASE=1", confJson.get("config").get("Env").get(1).asText());
        assertThat(image.config().get("config").get("Cmd").get(0).asText()).isEqualTo("/bin/hello");
    }

    @Test
    void aTamperedCustomisationLayerIsRefused() throws IOException {
        Path given = nix.root().resolve(confJson.get("customisation_layer").asText().substring(1));
        Path copy = Files.createDirectories(tmp.resolve("tampered-layer"));
        Files.copy(given.resolve("layer.tar"), copy.resolve("layer.tar"));
        Files.writeString(copy.resolve("checksum"), "0".repeat(64) + "\n");
        ObjectNode changed = ((ObjectNode) confJson.deepCopy()).put("customisation_layer", copy.toString());
        Path file = Files.writeString(tmp.resolve("conf-tampered.json"), Json.writer().writeValueAsString(changed));
        Run r = build(file, tmp.resolve("tampered"), "--closure", closure.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.error()).isEqualTo(file + ": customisation_layer: " + copy.resolve("checksum") + " says sha256:" + "0".repeat(64)
                + " but layer.tar is sha256:" + Files.readString(given.resolve("checksum")).strip());
    }

    @Test
    void withoutClosureOrCacheItSaysWhatToGive() {
        Run r = build(conf, tmp.resolve("no-closure"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.error()).startsWith("--closure: a dockerTools conf.json lists store paths only").doesNotContain("\n");
    }
}
