package dev.stowage.it.registryserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.blob.s3.S3BlobStore;
import dev.stowage.blob.s3.S3Location;
import dev.stowage.it.harness.S3Proxy;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage serve registry --blob-store s3://…} (S3Proxy): blob GETs answer 307 to a presigned
 * URL on the S3 server, which skopeo follows; HEAD is answered directly; a blob deleted
 * recoverably is restored before the redirect; the signature is never logged;
 * {@code --no-redirect-blobs} streams.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RegistryS3RedirectTest {
    @TempDir static Path tmp;
    static S3Proxy s3;
    static String blobStore;
    static PackageCache packages;
    static RegistryProcess registry;
    static final HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3Proxy(tmp.resolve("s3proxy"));
        s3.createBucket("registry-blobs");
        blobStore = "s3://registry-blobs/stowage?endpoint=" + s3.endpoint() + "&region=us-east-1";
        packages = new PackageCache(tmp);
        registry = start("registry", List.of());
    }

    private static RegistryProcess start(String dir, List<String> extra) throws IOException {
        List<String> flags = new ArrayList<>(List.of("--blob-store", blobStore, "--audit-log", tmp.resolve(dir + ".jsonl").toString(), "--workers", "2"));
        flags.addAll(packages.registryFlags());
        flags.addAll(extra);
        RegistryProcess p = new RegistryProcess(tmp.resolve(dir), 0, flags,
                Map.of("AWS_ACCESS_KEY_ID", S3Proxy.IDENTITY, "AWS_SECRET_ACCESS_KEY", S3Proxy.CREDENTIAL));
        p.awaitPort(Duration.ofSeconds(60));
        return p;
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (registry != null) {
                assertThat(registry.stop()).as(registry.describe()).isZero();
                assertThat(registry.describe()).as("no signature or secret is logged").doesNotContain("X-Amz-Signature")
                        .doesNotContain(S3Proxy.CREDENTIAL);
            }
        } finally {
            if (s3 != null) s3.close();
        }
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return noRedirects.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<byte[]> get(RegistryProcess r, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + r.host() + path));
        if (headers.length > 0) b.headers(headers);
        return send(b.GET());
    }

    /** The first layer of the hello image's (only) manifest: digest and size. */
    private static JsonNode firstLayer(RegistryProcess r) throws IOException {
        HttpResponse<byte[]> index = get(r, "/v2/hello/manifests/latest");
        assertThat(index.statusCode()).as(new String(index.body()) + registry.describe()).isEqualTo(200);
        String manifest = Json.reader().readTree(index.body()).at("/manifests/0/digest").asText();
        return Json.reader().readTree(get(r, "/v2/hello/manifests/" + manifest).body()).at("/layers/0");
    }

    @Test
    void blobGetsRedirectToAPresignedUrlOnTheS3ServerThatSkopeoFollows() throws IOException {
        Digest index = Skopeo.rawDigest("--tls-verify=false", "docker://" + registry.host() + "/hello:latest");
        JsonNode layer = firstLayer(registry);
        String digest = layer.get("digest").asText();
        HttpResponse<byte[]> redirect = get(registry, "/v2/hello/blobs/" + digest);
        assertThat(redirect.statusCode()).as(new String(redirect.body())).isEqualTo(307);
        assertThat(redirect.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        assertThat(location.getHost() + ":" + location.getPort()).isEqualTo("127.0.0.1:" + s3.endpoint().getPort());
        assertThat(location.getRawQuery()).contains("X-Amz-Signature=").contains("X-Amz-Expires=900");
        HttpResponse<byte[]> fromS3 = send(HttpRequest.newBuilder(location).GET());
        assertThat(fromS3.statusCode()).isEqualTo(200);
        assertThat(Digest.ofBytes(fromS3.body()).toString()).isEqualTo(digest);
        assertThat(fromS3.body()).hasSize(layer.get("size").asInt());

        // a range redirects too; S3 answers the range
        HttpResponse<byte[]> ranged = get(registry, "/v2/hello/blobs/" + digest, "Range", "bytes=10-29");
        assertThat(ranged.statusCode()).isEqualTo(307);
        HttpResponse<byte[]> part = send(HttpRequest.newBuilder(URI.create(ranged.headers().firstValue("Location").orElseThrow()))
                .header("Range", "bytes=10-29").GET());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(fromS3.body(), 10, 30));

        // HEAD is answered by the registry itself
        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/hello/blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(layer.get("size").asText());

        // skopeo follows the redirects and gets the same image
        Path copied = tmp.resolve("copied");
        Tools.run("skopeo", "copy", "--all", "--src-tls-verify=false", "docker://" + registry.host() + "/hello:latest", "oci:" + copied + ":latest");
        assertThat(Skopeo.rawDigest("oci:" + copied + ":latest")).isEqualTo(index);
    }

    @Test
    void aBlobDeletedRecoverablyIsRestoredBeforeTheRedirect() throws IOException {
        String digest = firstLayer(registry).get("digest").asText();
        try (S3BlobStore store = new S3BlobStore(S3Location.parse(blobStore), s3.credentials(), Duration.ofSeconds(10))) {
            store.delete(Digest.parse(digest));
        }
        HttpResponse<byte[]> redirect = get(registry, "/v2/hello/blobs/" + digest);
        assertThat(redirect.statusCode()).isEqualTo(307);
        HttpResponse<byte[]> fromS3 = send(HttpRequest.newBuilder(URI.create(redirect.headers().firstValue("Location").orElseThrow())).GET());
        assertThat(fromS3.statusCode()).as("the presigned URL finds the restored blob").isEqualTo(200);
        assertThat(Digest.ofBytes(fromS3.body()).toString()).isEqualTo(digest);
        assertThat(get(registry, "/v2/hello/blobs/sha256:" + "0".repeat(64)).statusCode()).as("an absent blob is not redirected").isEqualTo(404);
    }

    @Test
    void noRedirectBlobsStreamsAndTheTtlIsTheFlags() throws Exception {
        firstLayer(registry); // built once, into the shared store
        try (RegistryProcess streaming = start("streaming", List.of("--no-redirect-blobs"));
                RegistryProcess shortLived = start("short", List.of("--redirect-ttl", "60"))) {
            JsonNode layer = firstLayer(streaming);
            String digest = layer.get("digest").asText();
            HttpResponse<byte[]> streamed = get(streaming, "/v2/hello/blobs/" + digest);
            assertThat(streamed.statusCode()).isEqualTo(200);
            assertThat(Digest.ofBytes(streamed.body()).toString()).isEqualTo(digest);
            HttpResponse<byte[]> redirect = get(shortLived, "/v2/hello/blobs/" + digest);
            assertThat(redirect.statusCode()).isEqualTo(307);
            assertThat(redirect.headers().firstValue("Location").orElseThrow()).contains("X-Amz-Expires=60");
        }
    }
}
