package dev.stowage.it.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.RegistryProxy;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.TestImages;
import dev.stowage.it.harness.TestVertx;
import dev.stowage.it.harness.Tools;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageName;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.registry.CredentialResolver;
import dev.stowage.registry.PushResult;
import dev.stowage.registry.RegistryPusher;
import dev.stowage.registry.RegistryRejectedException;
import dev.stowage.spec.Compression;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Registries that refuse OCI media types (simulated by the proxy's 400 MANIFEST_INVALID) get the Docker forms. */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DockerFallbackTest {
    @RegisterExtension final TestVertx vertx = new TestVertx();
    @TempDir Path tmp;

    private CredentialResolver none() {
        return new CredentialResolver(Map.of(), Map.of(), tmp.resolve("home"));
    }

    @Test
    void aRegistryRefusingTheOciIndexGetsADockerManifestListOfTheSameManifests() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"));
        TestImages.Image image = new TestImages(store).threeLayers("v1", "list", Compression.ZSTD, TestImages.AMD64, TestImages.ARM64);
        try (Registry registry = Registry.anonymous(tmp.resolve("registry"));
             RegistryProxy proxy = new RegistryProxy(registry, RegistryProxy.refusing(MediaTypes.OCI_INDEX));
             RegistryPusher pusher = vertx.pusher(none())) {
            PushResult result = pusher.push(store, image.index(), List.of(ImageName.parsePushTarget(proxy.host() + "/team/app:v1")));

            assertThat(result.dockerFallback()).isTrue();
            assertThat(result.pushed().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
            assertThat(proxy.answered()).singleElement().asString().startsWith("400 PUT").contains("/manifests/" + image.index().digest());
            JsonNode list = Skopeo.inspect("inspect", "--raw", "--tls-verify=false", registry.docker("team/app:v1"));
            assertThat(Skopeo.rawDigest("--tls-verify=false", registry.docker("team/app:v1"))).isEqualTo(result.pushed().digest());
            assertThat(list.get("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
            assertThat(list.has("annotations")).isFalse();
            assertThat(list.get("manifests")).extracting(m -> m.get("digest").asText() + " " + m.get("platform").get("architecture").asText())
                    .containsExactly(image.manifests().get(TestImages.AMD64).digest() + " amd64", image.manifests().get(TestImages.ARM64).digest() + " arm64");
            // skopeo reads every manifest and blob back (and verifies their digests) while converting the list to an OCI index
            Tools.run("skopeo", "copy", "-q", "--all", "--src-tls-verify=false", registry.docker("team/app:v1"),
                    "oci:" + tmp.resolve("copy") + ":v1");
        }
    }

    @Test
    void aRegistryRefusingOciManifestsGetsDockerV2ManifestsOfTheSameBlobs() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"));
        TestImages.Image image = new TestImages(store).threeLayers("v1", "v2", Compression.GZIP, TestImages.AMD64, TestImages.ARM64);
        try (Registry registry = Registry.anonymous(tmp.resolve("registry"));
             RegistryProxy proxy = new RegistryProxy(registry, RegistryProxy.refusing(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST));
             RegistryPusher pusher = vertx.pusher(none())) {
            PushResult result = pusher.push(store, image.index(), List.of(ImageName.parsePushTarget(proxy.host() + "/team/app:v1")));

            assertThat(result.pushed().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
            // one refused OCI manifest is enough to learn; the second platform goes straight to Docker v2
            assertThat(proxy.answered()).hasSize(1);
            JsonNode list = Skopeo.inspect("inspect", "--raw", "--tls-verify=false", registry.docker("team/app:v1"));
            assertThat(list.get("manifests")).extracting(m -> m.get("mediaType").asText()).containsOnly(MediaTypes.DOCKER_MANIFEST);
            for (Map.Entry<Platform, Descriptor> m : image.manifests().entrySet()) {
                String arch = m.getKey().architecture();
                String entry = "";
                for (JsonNode e : list.get("manifests")) if (e.get("platform").get("architecture").asText().equals(arch)) entry = e.get("digest").asText();
                JsonNode docker = Skopeo.inspect("inspect", "--raw", "--tls-verify=false", registry.docker("team/app@" + entry));
                JsonNode oci = Json.reader().readTree(store.readAll(m.getValue().digest()));
                assertThat(docker.get("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
                assertThat(docker.get("config").get("digest")).isEqualTo(oci.get("config").get("digest"));
                assertThat(docker.get("layers")).extracting(l -> l.get("digest").asText())
                        .containsExactlyElementsOf(oci.get("layers").findValuesAsText("digest"));
                assertThat(docker.get("layers")).extracting(l -> l.get("mediaType").asText()).containsOnly(MediaTypes.DOCKER_LAYER_GZIP);
                Tools.run("skopeo", "copy", "-q", "--src-tls-verify=false", "--override-arch", arch, registry.docker("team/app:v1"),
                        "oci:" + tmp.resolve("copy-" + arch) + ":v1");
            }
        }
    }

    @Test
    void zstdLayersCannotFallBackAndNothingIsTagged() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"));
        TestImages.Image image = new TestImages(store).threeLayers("v1", "zstd", Compression.ZSTD, TestImages.AMD64);
        try (Registry registry = Registry.anonymous(tmp.resolve("registry"));
             RegistryProxy proxy = new RegistryProxy(registry, RegistryProxy.refusing(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST));
             RegistryPusher pusher = vertx.pusher(none())) {
            assertThatThrownBy(() -> pusher.push(store, image.index(), List.of(ImageName.parsePushTarget(proxy.host() + "/team/app:v1"))))
                    .isInstanceOf(RegistryRejectedException.class).hasMessageContaining(MediaTypes.OCI_LAYER_ZSTD).hasMessageContaining("gzip");
            assertThat(proxy.requests()).noneMatch(r -> r.startsWith("PUT /v2/team/app/manifests/v1"));
            assertThat(Tools.attempt("skopeo", "inspect", "--raw", "--tls-verify=false", registry.docker("team/app:v1")).exitCode()).isNotZero();
        }
    }
}
