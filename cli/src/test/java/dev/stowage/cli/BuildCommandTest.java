package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.json.Json;
import dev.stowage.testsupport.Await;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded pipeline end to end through the command line, on a hand-made store. */
class BuildCommandTest {
    @TempDir Path tmp;
    private SyntheticClosure closure;

    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return Json.reader().readTree(out);
            } catch (IOException e) {
                throw new AssertionError(out, e);
            }
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        closure = new SyntheticClosure(tmp.resolve("input"));
    }

    private Run build(Path spec, String blobs, String... extra) {
        List<String> args = new ArrayList<>(List.of("build", spec.toString(), "--store-root", closure.storeRoot.toString(),
                "--blob-store", tmp.resolve(blobs).toString(), "--audit-log", tmp.resolve("audit.jsonl").toString()));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void buildsBothPlatformsIntoAnOciLayoutAndReportsJson() throws IOException {
        Path out = tmp.resolve("out");
        Run r = build(closure.spec, "blobs", "--out", "oci:" + out, "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode result = r.json();
        String index = result.get("index").asText();
        assertThat(result.get("platforms")).hasSize(2);
        assertThat(result.get("platforms").get(0).get("platform").asText()).isEqualTo("linux/amd64");
        // 4 paths, budget 99: one layer per path.
        assertThat(result.get("platforms").get(0).get("layers")).hasSize(4);
        assertThat(Files.exists(out.resolve("blobs/sha256/" + index.substring(7)))).isTrue();
        JsonNode layoutIndex = Json.tree(out.resolve("index.json"));
        assertThat(layoutIndex.get("manifests").get(0).get("digest").asText()).isEqualTo(index);
        JsonNode imageIndex = Json.tree(out.resolve("blobs/sha256/" + index.substring(7)));
        assertThat(imageIndex.get("annotations").get("org.opencontainers.image.ref.name").asText()).isEqualTo("1.0");
        assertThat(imageIndex.get("annotations").get("org.opencontainers.image.source").asText()).isEqualTo("https://example.org/hello");
        assertThat(imageIndex.get("annotations").get("org.opencontainers.image.created").asText()).isEqualTo("1970-01-01T00:00:01Z");
        String audit = Files.readString(tmp.resolve("audit.jsonl"));
        for (String type : List.of("BuildRequested", "LayerTask", "LayerBuilt", "ImageAssembled", "IndexAssembled", "Published")) {
            assertThat(audit).contains("\"type\":\"" + type + "\"");
        }
    }

    @Test
    void aBuildToAnOciLayoutStartsNoVertxAndAMetricsPortStartsItAndClosesItAtTheEnd() {
        List<String> args = List.of("build", closure.spec.toString(), "--store-root", closure.storeRoot.toString(),
                "--blob-store", tmp.resolve("blobs").toString(), "--audit-log", tmp.resolve("audit.jsonl").toString(),
                "--out", "oci:" + tmp.resolve("out"));
        StringWriter err = new StringWriter();
        ProcessVertx quiet = new ProcessVertx();
        assertThat(Main.run(Environment.ofProcess(), quiet, new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                args.toArray(String[]::new))).as(err.toString()).isZero();
        assertThat(quiet.started()).isFalse();
        List<String> metered = new ArrayList<>(args);
        metered.addAll(List.of("--metrics-port", "0"));
        ProcessVertx serving = new ProcessVertx();
        assertThat(Main.run(Environment.ofProcess(), serving, new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                metered.toArray(String[]::new))).as(err.toString()).isZero();
        assertThat(serving.started()).isTrue();
        assertThatThrownBy(serving::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        // nothing of Vert.x is left to keep the JVM alive after the command
        Await.until(Duration.ofSeconds(10), "Vert.x threads to end", () -> vertxThreads().isEmpty(), () -> vertxThreads().toString());
    }

    private static List<String> vertxThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon() && t.getName().startsWith("vert.x-"))
                .map(Thread::getName).toList();
    }

    @Test
    void sameDigestsTwiceAndWithOneOrFourWorkers() {
        String a = build(closure.spec, "blobs-a", "--out", "oci:" + tmp.resolve("a"), "--json", "--workers", "1").json().get("index").asText();
        String b = build(closure.spec, "blobs-b", "--out", "oci:" + tmp.resolve("b"), "--json", "--workers", "4").json().get("index").asText();
        Run cached = build(closure.spec, "blobs-a", "--out", "oci:" + tmp.resolve("c"), "--json", "--workers", "4");
        assertThat(b).isEqualTo(a);
        assertThat(cached.json().get("index").asText()).isEqualTo(a);
        assertThat(cached.json().get("platforms").get(0).get("layers")).allSatisfy(l -> assertThat(l.get("cached").asBoolean()).isTrue());
    }

    @Test
    void popularityDecidesTheLayersAndTheirOrder() {
        Path spec = writeSpec("small.json", closure.spec("\"maxLayers\":3,"));
        Run r = build(spec, "blobs", "--out", "oci:" + tmp.resolve("o"), "--json");
        JsonNode layers = r.json().get("platforms").get(0).get("layers");
        // budget 2: the most popular path alone (libc: app→lib→libc), the rest together.
        assertThat(layers).hasSize(2);
        assertThat(layers.get(0).get("paths")).extracting(JsonNode::asText).containsExactly(SyntheticClosure.LIBC);
        assertThat(layers.get(1).get("paths")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(SyntheticClosure.DATA, SyntheticClosure.LIB, SyntheticClosure.APP);
    }

    private Path writeSpec(String name, String json) {
        try {
            return closure.writeSpec(name, json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void auditFindsTheBuildOfAnImageAndPrintsItsTimeline() {
        JsonNode result = build(closure.spec, "blobs", "--out", "oci:" + tmp.resolve("audited"), "--json").json();
        String index = result.get("index").asText();
        StringWriter out = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "audit",
                "example/hello@" + index, "--log", tmp.resolve("audit.jsonl").toString());
        assertThat(exit).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).contains("made by build " + result.get("buildId").asText());
        assertThat(lines.get(1)).contains("BuildRequested").contains("input sha256:");
        assertThat(lines).anyMatch(l -> l.contains("LayerBuilt") && l.contains("layer-worker@"));
        assertThat(lines.get(lines.size() - 1)).contains("Published").contains(index);
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "audit",
                "example/hello@sha256:" + "0".repeat(64), "--log", tmp.resolve("audit.jsonl").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no build");
    }

    @Test
    void planPrintsLayersWithNarBytes() {
        StringWriter out = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "plan", closure.spec.toString(), "--json");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains(SyntheticClosure.LIBC).contains("\"narBytes\":");
    }
}
