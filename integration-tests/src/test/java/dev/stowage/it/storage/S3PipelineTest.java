package dev.stowage.it.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.cli.Main;
import dev.stowage.it.harness.LoopbackPort;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.S3Proxy;
import dev.stowage.json.Json;
import dev.stowage.testsupport.Await;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `stowage build --blob-store s3://…` against a real S3-compatible server. */
class S3PipelineTest {
    @TempDir static Path tmp;
    static S3Proxy server;
    static NixStore nix;
    static Path spec;

    @BeforeAll
    static void setUp() throws Exception {
        server = new S3Proxy(tmp.resolve("s3proxy"));
        // the CLI takes credentials from the SDK's default chain; system properties are part of it
        System.setProperty("aws.accessKeyId", S3Proxy.IDENTITY);
        System.setProperty("aws.secretAccessKey", S3Proxy.CREDENTIAL);
        nix = new NixStore(tmp.resolve("nix"));
        String root = nix.buildResource("many-paths.nix");
        nix.pathInfo(tmp.resolve("path-info.json"), root);
        spec = Files.writeString(tmp.resolve("image.json"), "{\"name\":\"stowage-it/many\",\"tag\":\"t\","
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"path-info.json\"}]}");
    }

    @AfterAll
    static void tearDown() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        server.close();
    }

    private static String bucket(String name) {
        server.createBucket(name);
        return "s3://" + name + "/stowage?endpoint=" + server.endpoint() + "&region=us-east-1";
    }

    private static JsonNode build(String blobStore, String run, int workers) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "build", spec.toString(), "--json",
                "--store-root", nix.root().toString(), "--blob-store", blobStore, "--workers", Integer.toString(workers),
                "--audit-log", tmp.resolve(run + ".jsonl").toString(), "--out", "oci:" + tmp.resolve(run));
        assertThat(exit).as(err.toString()).isZero();
        return Json.reader().readTree(out.toString());
    }

    /** Every object of the bucket on S3Proxy's disk, with its size. */
    private static Map<String, Long> objects(String bucket) throws IOException {
        Map<String, Long> out = new HashMap<>();
        Path dir = tmp.resolve("s3proxy/data").resolve(bucket);
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) out.put(dir.relativize(p).toString(), Files.size(p));
        }
        return out;
    }

    @Test
    void anS3StoreThatRefusesConnectionsFailsTheBuildWithinItsOutageTimeout() throws IOException {
        int closed = LoopbackPort.closed();
        String store = "s3://nobody/stowage?endpoint=http://127.0.0.1:" + closed + "&region=us-east-1";
        StringWriter err = new StringWriter();
        long started = System.nanoTime();
        int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "build", spec.toString(),
                "--store-root", nix.root().toString(), "--blob-store", store, "--outage-timeout", "1",
                "--audit-log", tmp.resolve("refused.jsonl").toString(), "--out", "oci:" + tmp.resolve("refused"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(exit).as(err.toString()).isEqualTo(1);
        assertThat(err.toString().lines().filter(l -> l.startsWith("stowage: error:"))).singleElement().asString()
                .contains("127.0.0.1:" + closed).contains("still failing after 1 s: connection refused");
        // each S3 call retries no longer than --outage-timeout (it used to wait 60 s per call whatever the flag said)
        assertThat(took).isLessThan(Duration.ofSeconds(60));
        assertThat(tmp.resolve("refused")).doesNotExist();
    }

    @Test
    void aSecondBuildFromEmptyLocalStateBuildsAndUploadsNoLayer() throws IOException {
        String url = bucket("shared-cache");
        JsonNode first = build(url, "first", 2);
        Map<String, Long> before = objects("shared-cache");
        JsonNode second = build(url, "second", 2);
        assertThat(second.get("index").asText()).isEqualTo(first.get("index").asText());
        JsonNode layers = second.get("platforms").get(0).get("layers");
        assertThat(layers).hasSize(41);
        assertThat(layers).allSatisfy(l -> assertThat(l.get("cached").asBoolean()).isTrue());
        Map<String, Long> after = objects("shared-cache");
        Map<String, Long> added = new HashMap<>(after);
        before.keySet().forEach(added::remove);
        // only small metadata is new (build state, provenance): no layer blob was uploaded again
        for (JsonNode l : layers) assertThat(added).doesNotContainKey("stowage/blobs/sha256/" + l.get("digest").asText().substring(7));
        assertThat(added.values()).allSatisfy(size -> assertThat(size).isLessThan(64 * 1024));
        assertThat(after.keySet()).noneMatch(k -> k.contains("/uploads/"));
    }

    @Test
    void aBuildSurvivesS3BeingAwayFor30Seconds() throws Exception {
        JsonNode reference = build(bucket("reference"), "reference", 1);
        String url = bucket("outage");
        Path audit = tmp.resolve("outage.jsonl");
        CompletableFuture<JsonNode> build = CompletableFuture.supplyAsync(() -> {
            try {
                return build(url, "outage", 1);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        // stop S3 once the first layer is built, with layers still to go
        Await.untilNoThrow(Duration.ofSeconds(60), "a layer built", () -> build.isDone() || Files.readString(audit).contains("\"type\":\"LayerBuilt\""), () -> "");
        assertThat(build).as("the build ended before the outage").isNotDone();
        server.stop();
        long builtWhileUp = Files.readString(audit).lines().filter(l -> l.contains("\"type\":\"LayerBuilt\"")).count();
        assertThat(builtWhileUp).isLessThan(41);
        Thread.sleep(Duration.ofSeconds(30).toMillis()); // the outage itself, not a wait for a condition
        assertThat(build).isNotDone();
        server.start();
        JsonNode result = build.get(120, TimeUnit.SECONDS);
        assertThat(result.get("index").asText()).isEqualTo(reference.get("index").asText());
    }
}
