package dev.stowage.registry;

import dev.stowage.net.BoundedRetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of the registry client: Docker fallback documents, TLS choice, retry delays (references: core's ImageNameTest). */
class RegistryPiecesTest {
    private static Descriptor blob(String mediaType, String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        return Descriptor.of(mediaType, Digest.ofBytes(b), b.length);
    }

    @Test
    void aManifestKeepsItsBlobsAndTakesDockerMediaTypesWithoutAnnotations() throws Exception {
        Descriptor config = blob(MediaTypes.OCI_CONFIG, "{}");
        Descriptor gz = blob(MediaTypes.OCI_LAYER_GZIP, "a");
        Descriptor tar = blob(MediaTypes.OCI_LAYER_TAR, "b");
        ImageManifest oci = ImageManifest.oci(config, List.of(gz, tar), Map.of("org.example", "x"));

        JsonNode docker = Json.reader().readTree(DockerFallback.manifest(oci, gz.digest(), "r"));
        assertThat(docker.get("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(docker.get("config").get("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_CONFIG);
        assertThat(docker.get("config").get("digest").asText()).isEqualTo(config.digest().toString());
        assertThat(docker.get("layers")).extracting(l -> l.get("mediaType").asText() + " " + l.get("digest").asText())
                .containsExactly(MediaTypes.DOCKER_LAYER_GZIP + " " + gz.digest(), DockerFallback.DOCKER_LAYER_TAR + " " + tar.digest());
        assertThat(docker.has("annotations")).isFalse();
    }

    @Test
    void zstdLayersHaveNoDockerForm() {
        ImageManifest oci = ImageManifest.oci(blob(MediaTypes.OCI_CONFIG, "{}"), List.of(blob(MediaTypes.OCI_LAYER_ZSTD, "z")), Map.of());
        assertThatThrownBy(() -> DockerFallback.manifest(oci, Digest.ofBytes(new byte[0]), "reg.example"))
                .isInstanceOf(RegistryRejectedException.class).hasMessageContaining("reg.example").hasMessageContaining("zstd");
    }

    @Test
    void aListKeepsPlatformsAndDropsAnnotations() throws Exception {
        Descriptor m = blob(MediaTypes.OCI_MANIFEST, "m").withPlatform(Platform.parse("linux/arm64/v8")).withAnnotations(Map.of("a", "b"));
        JsonNode list = Json.reader().readTree(DockerFallback.manifestList(List.of(m)));
        assertThat(list.get("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(list.get("manifests").get(0).get("platform").get("variant").asText()).isEqualTo("v8");
        assertThat(list.get("manifests").get(0).has("annotations")).isFalse();
    }

    @Test
    void onlyMediaTypeRefusalsFallBack() {
        assertThat(DockerFallback.refusesMediaType(new RegistryRejectedException("x", 415, List.of()))).isTrue();
        assertThat(DockerFallback.refusesMediaType(new RegistryRejectedException("x", 400, List.of("MANIFEST_INVALID")))).isTrue();
        assertThat(DockerFallback.refusesMediaType(new RegistryRejectedException("x", 400, List.of("MANIFEST_BLOB_UNKNOWN")))).isFalse();
        assertThat(DockerFallback.refusesMediaType(new RegistryRejectedException("x", 404, List.of("NAME_UNKNOWN")))).isFalse();
    }

    @Test
    void plainHttpForLoopbackAlwaysAndForEveryRegistryWithoutTlsVerify() {
        String remote = "registry.example";
        String local = "127.0.0.1:5000";
        assertThat(PushSettings.defaults().plainHttp(remote)).isFalse();
        assertThat(PushSettings.defaults().plainHttp(local)).isTrue();
        assertThat(PushSettings.defaults().withTlsVerify(false).plainHttp(remote)).isTrue();
    }

    @Test
    void retryAfterWinsOverBackoffUpToTheCap() {
        BoundedRetry p = new BoundedRetry(6, Duration.ofMillis(200), Duration.ofSeconds(10));
        assertThat(p.delay(1, null)).hasMillis(200);
        assertThat(p.delay(3, null)).hasMillis(800);
        assertThat(p.delay(1, Duration.ofSeconds(2))).hasSeconds(2);
        assertThat(p.delay(1, Duration.ofSeconds(60))).hasSeconds(10);
    }
}
