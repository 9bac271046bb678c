package dev.stowage.it.registryserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.Tools;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Package lists with no platform implied are a multi-platform index of every system the package
 * index has all their packages for ({@code PackageCache#twoSystemIndex}: aarch64 has hello and
 * coreutils, not the shell); {@code arm64/} and {@code amd64/} select one; a client whose Accept
 * names no index type gets the amd64 manifest. The index is served over HTTP ({@code --package-index URL}).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RegistryMultiArchTest {
    @TempDir static Path tmp;
    static PackageCache packages;
    static RegistryProcess registry;
    static final String TOKEN = "index-token-not-for-logs";
    static Path indexFile;
    static HttpServer indexServer;
    static final AtomicInteger indexReads = new AtomicInteger();
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        packages = new PackageCache(tmp);
        List<String> flags = new ArrayList<>(List.of("--blob-store", tmp.resolve("blobs").toString(), "--audit-log", tmp.resolve("audit.jsonl").toString(),
                "--workers", "2"));
        indexFile = packages.twoSystemIndex(tmp.resolve("two-systems.json"));
        // the index comes over HTTP (--package-index URL), from a loopback server counting its reads
        indexServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        indexServer.createContext("/indexes/two-systems.json", exchange -> {
            indexReads.incrementAndGet();
            byte[] body = Files.readAllBytes(indexFile);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            exchange.close();
        });
        indexServer.start();
        String url = "http://127.0.0.1:" + indexServer.getAddress().getPort() + "/indexes/two-systems.json?token=" + TOKEN;
        flags.addAll(packages.registryFlags(url));
        registry = new RegistryProcess(tmp.resolve("registry"), flags);
        registry.awaitPort(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            if (registry != null) {
                assertThat(registry.stop()).as(registry.describe()).isZero();
                assertThat(indexReads).as("the index is read once, at start").hasValue(1);
                assertThat(registry.describe()).doesNotContain(TOKEN);
            }
        } finally {
            if (indexServer != null) indexServer.stop(0);
        }
    }

    @Test
    void theIndexUrlIsReadOnceAndItsRevisionIsTheDigestOfWhatWasRead() throws IOException {
        assertThat(registry.describe()).contains("package index http://127.0.0.1:" + indexServer.getAddress().getPort() + "/indexes/two-systems.json ("
                + Digest.ofBytes(Files.readAllBytes(indexFile)) + ")");
    }

    private static String docker(String name) {
        return "docker://" + registry.host() + "/" + name;
    }

    private static JsonNode raw(String name) throws IOException {
        return Json.reader().readTree(Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", docker(name)));
    }

    private static List<String> platforms(JsonNode index) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : index.get("manifests")) out.add(m.at("/platform/os").asText() + "/" + m.at("/platform/architecture").asText());
        return out;
    }

    private static String child(JsonNode index, String platform) {
        for (JsonNode m : index.get("manifests")) {
            if ((m.at("/platform/os").asText() + "/" + m.at("/platform/architecture").asText()).equals(platform)) return m.get("digest").asText();
        }
        throw new AssertionError("no " + platform + " in " + index);
    }

    private static HttpResponse<byte[]> get(String path, String accept) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + path)).header("Accept", accept)
                    .timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String cli(String... args) {
        return InProcessCli.ok(args);
    }

    @Test
    void noPrefixIsAnIndexOfBothPlatformsEqualToStowageBuildOfTheTwoPlatformSpec() throws IOException {
        JsonNode index = raw("hello:latest");
        assertThat(index.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
        assertThat(platforms(index)).containsExactly("linux/amd64", "linux/arm64");

        Path spec = packages.equivalentSpec(tmp.resolve("hello.json"), "hello",
                Map.of("linux/amd64", List.of(packages.hello()), "linux/arm64", List.of(packages.outputs.get(0))));
        String result = cli("build", spec.toString(), "--blob-store", tmp.resolve("blobs-build").toString(),
                "--audit-log", tmp.resolve("build.jsonl").toString(), "--out", "oci:" + tmp.resolve("built"), "--json");
        assertThat(Json.reader().readTree(result).get("index").asText())
                .isEqualTo(Skopeo.rawDigest("--tls-verify=false", docker("hello:latest")).toString());

        // skopeo picks the arm64 child when told to
        Path arm = tmp.resolve("arm");
        Tools.run("skopeo", "copy", "--override-arch", "arm64", "--src-tls-verify=false", docker("hello:latest"), "oci:" + arm + ":latest");
        assertThat(Skopeo.rawDigest("oci:" + arm + ":latest").toString()).isEqualTo(child(index, "linux/arm64"));
        JsonNode armConfig = Skopeo.inspect("inspect", "--config", "oci:" + arm + ":latest");
        assertThat(armConfig.get("architecture").asText()).isEqualTo("arm64");
    }

    @Test
    void onlyOneSystemWithAllThePackagesGivesThatPlatformAndPrefixesSelectOne() throws IOException {
        assertThat(platforms(raw("shell/hello:latest"))).containsExactly("linux/amd64");
        assertThat(platforms(raw("arm64/coreutils:latest"))).containsExactly("linux/arm64");
        assertThat(platforms(raw("amd64/coreutils:latest"))).containsExactly("linux/amd64");
        assertThat(platforms(raw("coreutils:latest"))).containsExactly("linux/amd64", "linux/arm64");
        Tools.Result refused = Tools.attempt("skopeo", "inspect", "--raw", "--tls-verify=false", docker("arm64/shell:latest"));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("bashInteractive");
    }

    @Test
    void aClientWhoseAcceptHasNoIndexTypeGetsTheAmd64Manifest() throws IOException {
        JsonNode index = raw("coreutils:latest");
        HttpResponse<byte[]> old = get("/v2/coreutils/manifests/latest",
                "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json");
        assertThat(old.statusCode()).as(new String(old.body())).isEqualTo(200);
        assertThat(old.headers().firstValue("Docker-Content-Digest")).hasValue(child(index, "linux/amd64"));
        assertThat(Digest.ofBytes(old.body()).toString()).isEqualTo(child(index, "linux/amd64"));
        assertThat(old.headers().firstValue("Content-Type")).hasValue("application/vnd.oci.image.manifest.v1+json");
        HttpResponse<byte[]> modern = get("/v2/coreutils/manifests/latest", "application/vnd.oci.image.index.v1+json");
        assertThat(modern.headers().firstValue("Content-Type")).hasValue("application/vnd.oci.image.index.v1+json");
        // by digest the client gets that digest, whatever it accepts
        String indexDigest = modern.headers().firstValue("Docker-Content-Digest").orElseThrow();
        HttpResponse<byte[]> byDigest = get("/v2/coreutils/manifests/" + indexDigest, "application/vnd.docker.distribution.manifest.v2+json");
        assertThat(byDigest.headers().firstValue("Docker-Content-Digest")).hasValue(indexDigest);
    }
}
