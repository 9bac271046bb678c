package dev.stowage.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.cli.Main;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SBOM of each platform and the build's provenance reach the registry as OCI 1.1 artifacts,
 * found through the referrers tag scheme ({@code sha256-<subject hex>}, distribution 2.8 has no
 * referrers API). Read back with skopeo and plain HTTP, not with Stowage's client.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryReferrersTest {
    private static final Path EXAMPLE = Path.of("../examples/hello").toAbsolutePath().normalize();
    private static final String SBOM = "application/vnd.cyclonedx+json";
    private static final String PROVENANCE = "application/vnd.in-toto+json";
    @TempDir Path tmp;

    @Test
    void sbomPerPlatformAndProvenanceAreAttachedUnderTheReferrersTags() throws Exception {
        try (Registry registry = Registry.anonymous(tmp.resolve("registry"))) {
            String ref = registry.docker("team/app:1.0");
            JsonNode result = build(ref);
            String index = result.get("index").asText();
            assertThat(Skopeo.rawDigest("--tls-verify=false", ref).toString()).isEqualTo(index);

            // provenance: the referrers of the index; its subject is the digest the registry serves
            JsonNode provenance = onlyArtifact(registry, index, PROVENANCE);
            assertThat(provenance.get("predicateType").asText()).isEqualTo("https://slsa.dev/provenance/v1");
            assertThat(provenance.get("subject").get(0).get("digest").get("sha256").asText()).isEqualTo(index.substring(7));
            // reproducible by default: no build id, times from the spec's created
            assertThat(provenance.at("/predicate/runDetails/metadata").has("invocationId")).isFalse();
            assertThat(result.get("buildId").asText()).isNotBlank();

            // SBOM: the referrers of each platform manifest list exactly the closure nix path-info -r printed
            List<String> closure = new ArrayList<>();
            Json.tree(EXAMPLE.resolve("path-info.json")).forEach(p -> closure.add(p.get("path").asText()));
            JsonNode served = Skopeo.inspect("inspect", "--raw", "--tls-verify=false", ref);
            assertThat(served.get("manifests")).hasSize(2);
            for (JsonNode manifest : served.get("manifests")) {
                JsonNode sbom = onlyArtifact(registry, manifest.get("digest").asText(), SBOM);
                assertThat(sbom.get("bomFormat").asText()).isEqualTo("CycloneDX");
                List<String> components = new ArrayList<>();
                sbom.get("components").forEach(c -> components.add(c.get("bom-ref").asText()));
                assertThat(components).containsExactlyInAnyOrderElementsOf(closure);
            }
        }
    }

    private JsonNode build(String ref) throws Exception {
        Files.copy(EXAMPLE.resolve("path-info.json"), tmp.resolve("path-info.json"));
        Path spec = Files.writeString(tmp.resolve("image.json"), """
                {"name": "team/app", "tag": "1.0",
                 "platforms": [{"platform": "linux/amd64", "closure": "path-info.json"},
                               {"platform": "linux/arm64", "closure": "path-info.json"}]}
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "build", spec.toString(),
                "--store-root", EXAMPLE.resolve("store").toString(), "--blob-store", tmp.resolve("blobs").toString(),
                "--audit-log", tmp.resolve("audit.jsonl").toString(), "--out", "docker://" + ref.substring("docker://".length()), "--json");
        assertThat(exit).as(err.toString()).isZero();
        return Json.reader().readTree(out.toString());
    }

    /** The one artifact of {@code type} in the referrers index tagged for {@code subject}, as its JSON document. */
    private static JsonNode onlyArtifact(Registry registry, String subject, String type) throws Exception {
        String tag = subject.replace(':', '-');
        JsonNode referrers = Skopeo.inspect("inspect", "--raw", "--tls-verify=false", registry.docker("team/app:" + tag));
        List<JsonNode> matching = new ArrayList<>();
        referrers.get("manifests").forEach(m -> {
            if (type.equals(m.path("artifactType").asText())) matching.add(m);
        });
        assertThat(matching).as("referrers of " + subject).hasSize(1);
        String artifactDigest = matching.get(0).get("digest").asText();
        JsonNode artifact = Skopeo.inspect("inspect", "--raw", "--tls-verify=false", registry.docker("team/app@" + artifactDigest));
        assertThat(artifact.get("subject").get("digest").asText()).isEqualTo(subject);
        assertThat(artifact.get("artifactType").asText()).isEqualTo(type);
        return blob(registry, artifact.get("layers").get(0).get("digest").asText());
    }

    /** A blob fetched with a plain HTTP GET from the (anonymous, loopback) registry. */
    private static JsonNode blob(Registry registry, String digest) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build().send(
                HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/team/app/blobs/" + digest)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Digest.ofBytes(r.body()).toString()).isEqualTo(digest);
        return Json.reader().readTree(r.body());
    }
}
