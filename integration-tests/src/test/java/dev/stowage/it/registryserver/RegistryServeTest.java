package dev.stowage.it.registryserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.AuditLogReader;
import dev.stowage.event.BuildRequested;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.Podman;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.Tools;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage serve registry} (embedded builds) against real clients: skopeo and podman pull a
 * catalog image with the digest it was published with, and package lists built on demand from a
 * signed file:// binary cache, each built once; errors are the distribution spec's.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RegistryServeTest {
    @TempDir static Path tmp;
    static NixStore nix;
    static PackageCache packages;
    static Path audit;
    static Path published;
    static List<String> outputs;
    static RegistryProcess registry;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        packages = new PackageCache(tmp);
        nix = packages.nix;
        outputs = packages.outputs;
        // the fleet's image, published to an oci: layout by 'fleet build'
        audit = tmp.resolve("audit.jsonl");
        published = tmp.resolve("published");
        Path closure = nix.pathInfo(tmp.resolve("greeter-closure.json"), outputs.get(4));
        Path spec = Files.writeString(tmp.resolve("greeter.json"), "{\"name\":\"registry.example:5000/stowage-it/greeter\",\"tag\":\"v1\","
                + "\"config\":{\"Cmd\":[\"" + outputs.get(4) + "/bin/hello\"]},"
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"" + closure.getFileName() + "\"}]}");
        Path catalog = tmp.resolve("catalog");
        String blobs = tmp.resolve("blobs").toString();
        cli("fleet", "add", spec.toString(), "--catalog", catalog.toString(), "--audit-log", audit.toString(), "--blob-store", blobs,
                "--out", "oci:" + published);
        cli("fleet", "build", "--catalog", catalog.toString(), "--audit-log", audit.toString(), "--blob-store", blobs,
                "--store-root", nix.root().toString(), "--workers", "2");

        List<String> flags = new ArrayList<>(List.of("--blob-store", blobs, "--audit-log", audit.toString(),
                "--catalog", catalog.toString(), "--workers", "2"));
        flags.addAll(packages.registryFlags());
        registry = new RegistryProcess(tmp.resolve("registry"), flags);
        registry.awaitPort(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (registry != null) assertThat(registry.stop()).as(registry.describe()).isZero();
    }

    private static String cli(String... args) {
        return InProcessCli.ok(args);
    }

    private static String docker(String name) {
        return "docker://" + registry.host() + "/" + name;
    }

    private static Digest pulled(String name) {
        return Skopeo.rawDigest("--tls-verify=false", docker(name));
    }

    /** How many builds the audit log records for an image name. */
    private static long builds(String name) throws IOException {
        return events().stream().filter(e -> e.event() instanceof BuildRequested b && b.input().spec().name().equals(name)).count();
    }

    private static long allBuilds() throws IOException {
        return events().stream().filter(e -> e.event() instanceof BuildRequested).count();
    }

    private static List<AuditEntry> events() throws IOException {
        return AuditLogReader.read(audit);
    }

    private static HttpResponse<byte[]> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + registry.host() + path)).timeout(Duration.ofSeconds(60));
        if (headers.length > 0) b.headers(headers);
        return send(b.GET().build());
    }

    private static HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return Json.reader().readTree(r.body());
    }

    private static void assertError(HttpResponse<byte[]> r, int status, String code) throws IOException {
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(r).at("/errors/0/code").asText()).isEqualTo(code);
    }

    @Test
    void aCatalogImagePullsWithTheDigestItWasPublishedWith() throws IOException {
        Digest publishedDigest = Skopeo.rawDigest("oci:" + published + ":v1");
        assertThat(pulled("stowage-it/greeter:v1")).isEqualTo(publishedDigest);
        Path copied = tmp.resolve("copied-greeter");
        Tools.run("skopeo", "copy", "--all", "--src-tls-verify=false", docker("stowage-it/greeter:v1"), "oci:" + copied + ":v1");
        assertThat(Skopeo.rawDigest("oci:" + copied + ":v1")).isEqualTo(publishedDigest);
        HttpResponse<byte[]> tags = get("/v2/stowage-it/greeter/tags/list");
        assertThat(tags.statusCode()).isEqualTo(200);
        assertThat(Skopeo.texts(json(tags).get("tags"))).containsExactly("v1");
        assertThat(Skopeo.texts(json(get("/v2/stowage-it/greeter/tags/list?n=0")).get("tags"))).isEmpty();
        assertError(get("/v2/stowage-it/greeter/tags/list?n=x"), 400, "PAGINATION_NUMBER_INVALID");
        assertThat(Skopeo.texts(json(get("/v2/shell/hello/tags/list")).get("tags"))).containsExactly("latest");
        JsonNode inspected = Skopeo.inspect("inspect", "--tls-verify=false", docker("stowage-it/greeter:v1"));
        assertThat(inspected.get("Digest").asText()).isNotBlank();
    }

    @Test
    void aPackageListIsBuiltOnDemandOnceAndEqualsStowageBuildOfItsSpec() throws IOException {
        Digest first = pulled("shell/hello:latest");
        assertThat(builds("hello/shell")).isEqualTo(1);
        // the other order is the same image: nothing more is built
        assertThat(pulled("hello/shell:latest")).isEqualTo(first);
        assertThat(pulled("shell/hello")).isEqualTo(first);
        assertThat(builds("hello/shell")).isEqualTo(1);

        // stowage build of the equivalent spec (docs/registry-service.md) gives the same index
        Path spec = packages.equivalentSpec(tmp.resolve("hello-shell.json"), "hello/shell", outputs.subList(1, 5));
        String result = cli("build", spec.toString(), "--blob-store", tmp.resolve("blobs-build").toString(),
                "--audit-log", tmp.resolve("build.jsonl").toString(), "--out", "oci:" + tmp.resolve("built"), "--json");
        assertThat(Json.reader().readTree(result).get("index").asText()).isEqualTo(first.toString());

        Path copied = tmp.resolve("copied-shell");
        Tools.run("skopeo", "copy", "--all", "--src-tls-verify=false", docker("shell/hello:latest"), "oci:" + copied + ":latest");
        assertThat(Skopeo.rawDigest("oci:" + copied + ":latest")).isEqualTo(first);
    }

    @Test
    void tenConcurrentPullsOfANewNameStartOneBuild() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Digest>> pulls = new ArrayList<>();
            for (int i = 0; i < 10; i++) pulls.add(pool.submit(() -> pulled("coreutils/hello:latest")));
            Digest first = pulls.get(0).get(5, TimeUnit.MINUTES);
            for (Future<Digest> f : pulls) assertThat(f.get(5, TimeUnit.MINUTES)).isEqualTo(first);
        } finally {
            pool.shutdownNow();
        }
        assertThat(builds("coreutils/hello")).isEqualTo(1);
    }

    @Test
    void unknownPackagesTagsMalformedNamesAndDigestsAreDistributionErrorsAndBuildNothing() throws IOException {
        long before = allBuilds();
        String zeros = "sha256:" + "0".repeat(64);
        assertError(get("/v2/hello/nosuchpkg/manifests/latest"), 404, "NAME_UNKNOWN");
        assertThat(json(get("/v2/hello/nosuchpkg/manifests/latest")).at("/errors/0/message").asText()).contains("nosuchpkg");
        assertError(get("/v2/hello/manifests/v9"), 404, "MANIFEST_UNKNOWN");
        assertError(get("/v2/stowage-it/greeter/manifests/v2"), 404, "MANIFEST_UNKNOWN");
        assertError(get("/v2/Hello/manifests/latest"), 400, "NAME_INVALID");
        assertError(get("/v2/hello--/manifests/latest"), 400, "NAME_INVALID");
        assertError(get("/v2/hello/manifests/" + zeros), 404, "MANIFEST_UNKNOWN");
        assertError(get("/v2/hello/manifests/sha256:abc"), 400, "DIGEST_INVALID");
        assertError(get("/v2/hello/blobs/sha256:abc"), 400, "DIGEST_INVALID");
        assertError(get("/v2/hello/blobs/" + zeros), 404, "BLOB_UNKNOWN");
        assertError(get("/v2/hello/manifests/bad:tag:x"), 400, "DIGEST_INVALID");
        assertError(send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/hello/manifests/latest"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build()), 405, "UNSUPPORTED");
        assertError(send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/hello/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build()), 405, "UNSUPPORTED");
        Tools.Result refused = Tools.attempt("skopeo", "inspect", "--raw", "--tls-verify=false", docker("hello/nosuchpkg:latest"));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("nosuchpkg");
        assertThat(allBuilds()).isEqualTo(before);
    }

    @Test
    void blobsStreamWithTheirDigestAndServeRanges() throws IOException {
        HttpResponse<byte[]> index = get("/v2/stowage-it/greeter/manifests/v1");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValue(json(index).get("mediaType").asText());
        assertThat(index.headers().firstValue("Docker-Content-Digest")).hasValue(Digest.ofBytes(index.body()).toString());
        String manifestDigest = json(index).at("/manifests/0/digest").asText();
        HttpResponse<byte[]> manifest = get("/v2/stowage-it/greeter/manifests/" + manifestDigest);
        assertThat(manifest.headers().firstValue("Content-Type")).hasValue("application/vnd.oci.image.manifest.v1+json");
        JsonNode layer = json(manifest).at("/layers/0");
        String digest = layer.get("digest").asText();
        HttpResponse<byte[]> whole = get("/v2/stowage-it/greeter/blobs/" + digest);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(Digest.ofBytes(whole.body()).toString()).isEqualTo(digest);
        assertThat(whole.body()).hasSize(layer.get("size").asInt());
        assertThat(whole.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        HttpResponse<byte[]> range = get("/v2/stowage-it/greeter/blobs/" + digest, "Range", "bytes=10-29");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 10-29/" + whole.body().length);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(whole.body(), 10, 30));
        assertError(get("/v2/stowage-it/greeter/blobs/" + digest, "Range", "bytes=" + whole.body().length + "-"), 416, "RANGE_INVALID");
        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/stowage-it/greeter/blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(whole.body().length));
        assertThat(head.body()).isEmpty();
        assertThat(get("/v2/").statusCode()).isEqualTo(200);
    }

    /** The greeter's first layer: its digest and the file that holds it in the blob store. */
    private static Digest greeterLayer() throws IOException {
        String manifestDigest = json(get("/v2/stowage-it/greeter/manifests/v1")).at("/manifests/0/digest").asText();
        return Digest.parse(json(get("/v2/stowage-it/greeter/manifests/" + manifestDigest)).at("/layers/0/digest").asText());
    }

    @Test
    void aBlobWhoseStoredBytesDoNotMatchItsDigestBreaksTheTransfer() throws IOException {
        Digest digest = greeterLayer();
        Path file = tmp.resolve("blobs").resolve("blobs/sha256").resolve(digest.hex());
        byte[] original = Files.readAllBytes(file);
        byte[] bytes = original.clone();
        bytes[bytes.length - 10] ^= 1;
        // a new file: the stored one may be linked into the published layout
        Files.delete(file);
        Files.write(file, bytes);
        try {
            String path = "/v2/stowage-it/greeter/blobs/" + digest;
            assertThatThrownBy(() -> get(path)).as("a client must not receive the whole blob").isInstanceOf(UncheckedIOException.class);
            // a range is not verified: its bytes are served as stored
            HttpResponse<byte[]> range = get(path, "Range", "bytes=0-99");
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOf(bytes, 100));
            assertThat(get("/v2/").statusCode()).as("the registry goes on serving").isEqualTo(200);
        } finally {
            Files.delete(file);
            Files.write(file, original);
        }
    }

    @Test
    void manifestsAndBlobsByDigestAreServedOnlyUnderTheNamesTheyBelongTo() throws IOException {
        long before = allBuilds();
        HttpResponse<byte[]> index = get("/v2/stowage-it/greeter/manifests/v1");
        String indexDigest = Digest.ofBytes(index.body()).toString();
        String manifestDigest = json(index).at("/manifests/0/digest").asText();
        Digest layer = greeterLayer();
        assertThat(get("/v2/stowage-it/greeter/manifests/" + indexDigest).statusCode()).isEqualTo(200);
        assertThat(get("/v2/stowage-it/greeter/blobs/" + layer).statusCode()).isEqualTo(200);
        // the same digests under another name the registry knows: unknown there
        assertError(get("/v2/hello/manifests/" + indexDigest), 404, "MANIFEST_UNKNOWN");
        assertError(get("/v2/busybox/manifests/" + manifestDigest), 404, "MANIFEST_UNKNOWN");
        assertError(get("/v2/busybox/blobs/" + layer), 404, "BLOB_UNKNOWN");
        Tools.Result refused = Tools.attempt("skopeo", "inspect", "--raw", "--tls-verify=false", docker("busybox@" + indexDigest));
        assertThat(refused.exitCode()).isNotZero();
        // a referrer (the SBOM) and its blobs belong to the name of its subject
        HttpResponse<byte[]> referrers = get("/v2/stowage-it/greeter/referrers/" + manifestDigest);
        String sbom = json(referrers).at("/manifests/0/digest").asText();
        String sbomLayer = json(get("/v2/stowage-it/greeter/manifests/" + sbom)).at("/layers/0/digest").asText();
        assertThat(get("/v2/stowage-it/greeter/blobs/" + sbomLayer).statusCode()).isEqualTo(200);
        assertError(get("/v2/busybox/manifests/" + sbom), 404, "MANIFEST_UNKNOWN");
        // a package list's own blobs, once built
        Digest shell = pulled("shell/hello:latest");
        String shellManifest = json(get("/v2/hello/shell/manifests/" + shell)).at("/manifests/0/digest").asText();
        // (its config: layers can be shared with the greeter, which holds hello too)
        String shellConfig = json(get("/v2/hello/shell/manifests/" + shellManifest)).at("/config/digest").asText();
        assertThat(get("/v2/shell/hello/blobs/" + shellConfig).statusCode()).isEqualTo(200);
        assertError(get("/v2/stowage-it/greeter/blobs/" + shellConfig), 404, "BLOB_UNKNOWN");
        assertThat(allBuilds() - before).as("looking up digests builds nothing (shell/hello may have been built here)").isLessThanOrEqualTo(1);
        assertThat(builds("busybox")).isZero();
    }

    @Test
    void theBuildsSbomAndProvenanceAreItsReferrersAlsoByTheReferrersTag() throws IOException {
        HttpResponse<byte[]> index = get("/v2/stowage-it/greeter/manifests/v1");
        Digest indexDigest = Digest.ofBytes(index.body());
        String manifestDigest = json(index).at("/manifests/0/digest").asText();
        HttpResponse<byte[]> ofIndex = get("/v2/stowage-it/greeter/referrers/" + indexDigest);
        assertThat(ofIndex.statusCode()).isEqualTo(200);
        assertThat(ofIndex.headers().firstValue("Content-Type")).hasValue("application/vnd.oci.image.index.v1+json");
        assertThat(json(ofIndex).findValuesAsText("artifactType")).containsExactly("application/vnd.in-toto+json");
        HttpResponse<byte[]> ofManifest = get("/v2/stowage-it/greeter/referrers/" + manifestDigest + "?artifactType=application/vnd.cyclonedx%2Bjson");
        assertThat(ofManifest.headers().firstValue("OCI-Filters-Applied")).hasValue("artifactType");
        assertThat(json(ofManifest).get("manifests")).hasSize(1);
        String sbom = json(ofManifest).at("/manifests/0/digest").asText();
        HttpResponse<byte[]> sbomManifest = get("/v2/stowage-it/greeter/manifests/" + sbom);
        assertThat(sbomManifest.statusCode()).isEqualTo(200);
        assertThat(json(sbomManifest).at("/subject/digest").asText()).isEqualTo(manifestDigest);
        assertThat(json(get("/v2/stowage-it/greeter/referrers/" + indexDigest + "?artifactType=application/vnd.cyclonedx%2Bjson"))
                .get("manifests")).isEmpty();
        // the referrers tag schema, for clients without the referrers API
        HttpResponse<byte[]> byTag = get("/v2/stowage-it/greeter/manifests/sha256-" + indexDigest.hex());
        assertThat(byTag.statusCode()).isEqualTo(200);
        assertThat(byTag.body()).isEqualTo(ofIndex.body());
        assertThat(byTag.headers().firstValue("Docker-Content-Digest")).hasValue(Digest.ofBytes(byTag.body()).toString());
        assertError(get("/v2/stowage-it/greeter/manifests/sha256-" + "0".repeat(64)), 404, "MANIFEST_UNKNOWN");
    }

    /** The chain ids of an amd64 package-list image's layers (OCI image spec: chain(n) = sha256(chain(n-1) + " " + diffID(n))). */
    private static List<String> chainIds(String name) throws IOException {
        JsonNode index = json(get("/v2/" + name + "/manifests/latest"));
        JsonNode manifest = json(get("/v2/" + name + "/manifests/" + index.at("/manifests/0/digest").asText()));
        JsonNode config = json(get("/v2/" + name + "/blobs/" + manifest.at("/config/digest").asText()));
        List<String> chain = new ArrayList<>();
        for (JsonNode diffId : config.at("/rootfs/diff_ids")) {
            chain.add(chain.isEmpty() ? diffId.asText()
                    : Digest.ofBytes((chain.get(chain.size() - 1) + " " + diffId.asText()).getBytes(StandardCharsets.UTF_8)).toString());
        }
        return chain;
    }

    @Test
    void theMostSharedPathsLayerComesFirstSoPackageListImagesShareTheirFirstChainIds() throws IOException {
        // busybox is in every closure (each package's programs are busybox links): popularity puts it first
        pulled("shell/hello:latest");
        pulled("coreutils/hello:latest");
        List<String> shell = chainIds("hello/shell");
        List<String> coreutils = chainIds("coreutils/hello");
        assertThat(shell.get(0)).isEqualTo(coreutils.get(0));
        HttpResponse<byte[]> index = get("/v2/coreutils/hello/manifests/latest");
        JsonNode manifest = json(get("/v2/coreutils/hello/manifests/" + json(index).at("/manifests/0/digest").asText()));
        HttpResponse<byte[]> first = get("/v2/coreutils/hello/blobs/" + manifest.at("/layers/0/digest").asText());
        Path layer = Files.write(tmp.resolve("first-layer.tar"), first.body());
        assertThat(Tools.run("tar", "tf", layer.toString())).contains(outputs.get(0).substring(1) + "/bin/busybox");
        // the images differ after the shared prefix
        assertThat(shell).isNotEqualTo(coreutils);
    }

    @Test
    void aPortInUseIsOneLineNamingTheFlag() throws Exception {
        RegistryProcess second = new RegistryProcess(tmp.resolve("second"), Integer.parseInt(registry.host().split(":")[1]),
                List.of("--blob-store", tmp.resolve("blobs-second").toString(), "--audit-log", tmp.resolve("second.jsonl").toString(),
                        "--catalog", tmp.resolve("catalog").toString()));
        assertThat(second.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(second.err().lines().toList()).as(second.err()).hasSize(1);
        assertThat(second.err()).startsWith("stowage: error: --port " + registry.host().split(":")[1]).contains("already in use");
    }

    @Test
    void podmanPullsAndRunsAnImageBuiltOnDemand() throws IOException {
        try (Podman podman = new Podman(tmp.resolve("podman"))) {
            String image = registry.host() + "/hello:latest";
            podman.run("pull", "--tls-verify=false", image);
            assertThat(podman.run("run", "--rm", "--network=none", image, "hello").strip()).isEqualTo("Hello, world!");
        }
    }
}
