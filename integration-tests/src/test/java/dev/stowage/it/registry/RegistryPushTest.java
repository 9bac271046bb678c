package dev.stowage.it.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.TestImages;
import dev.stowage.it.harness.TestVertx;
import dev.stowage.it.harness.Tools;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageName;
import dev.stowage.registry.CredentialResolver;
import dev.stowage.registry.Credentials;
import dev.stowage.registry.PushResult;
import dev.stowage.registry.RegistryAuthException;
import dev.stowage.registry.RegistryPusher;
import dev.stowage.spec.Compression;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Pushes to the real docker-registry and reads back with skopeo. */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryPushTest {
    @RegisterExtension final TestVertx vertx = new TestVertx();
    @TempDir Path tmp;

    private static CredentialResolver none() {
        return new CredentialResolver(Map.of(), Map.of(), Path.of("/nonexistent-home"));
    }

    private static Digest rawDigest(String ref) {
        return Digest.ofBytes(Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", ref)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pushesTwoPlatformIndexByteIdenticalThenSkipsAndMounts() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"));
        TestImages.Image image = new TestImages(store).threeLayers("v1", "reg", Compression.ZSTD, TestImages.AMD64, TestImages.ARM64);
        try (Registry registry = Registry.anonymous(tmp.resolve("registry"))) {
            ImageName app = ImageName.parsePushTarget(registry.host() + "/team/app:v1");
            PushResult first;
            try (RegistryPusher pusher = vertx.pusher(none())) {
                first = pusher.push(store, image.index(), List.of(app, app.withTag("latest")));
                assertThat(first.uploaded()).isEqualTo(5); // 3 layers + 2 configs
                assertThat(first.skipped()).isZero();

                PushResult second = pusher.push(store, image.index(), List.of(ImageName.parsePushTarget(registry.host() + "/other/app:v1")));
                assertThat(second.mounted()).isEqualTo(5);
                assertThat(second.uploaded()).isZero();
            }
            assertThat(first.index()).isEqualTo(image.index().digest());
            for (String ref : List.of("team/app:v1", "team/app:latest", "other/app:v1")) {
                assertThat(rawDigest(registry.docker(ref))).isEqualTo(image.index().digest());
            }
            JsonNode raw = Skopeo.inspect("inspect", "--raw", "--tls-verify=false", registry.docker("team/app:v1"));
            assertThat(raw.path("annotations").path("org.example.test").asText()).isEqualTo("yes");
            assertThat(raw.path("manifests")).hasSize(2);

            try (RegistryPusher fresh = vertx.pusher(none())) {
                PushResult again = fresh.push(store, image.index(), List.of(app));
                assertThat(again.uploaded()).isZero();
                assertThat(again.mounted()).isZero();
                assertThat(again.skipped()).isEqualTo(5);
            }
            Path out = tmp.resolve("copy");
            Tools.run("skopeo", "copy", "--all", "--src-tls-verify=false",
                    registry.docker("other/app:v1"), "oci:" + out + ":v1");
            assertThat(Skopeo.rawDigest("oci:" + out + ":v1")).isEqualTo(image.index().digest());
        }
    }

    @Test
    void basicAuthWithWrongPasswordNamesRegistryAndUserButNotPassword() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"));
        TestImages.Image image = new TestImages(store).threeLayers("v1", "auth", Compression.GZIP, TestImages.AMD64);
        try (Registry registry = Registry.basic(tmp.resolve("registry"), "pusher", "right-secret")) {
            ImageName app = ImageName.parsePushTarget(registry.host() + "/app:v1");
            CredentialResolver right = new CredentialResolver(Map.of(registry.host(), new Credentials("pusher", "right-secret")), Map.of(), tmp);
            try (RegistryPusher pusher = vertx.pusher(right)) {
                assertThat(pusher.push(store, image.index(), List.of(app)).uploaded()).isEqualTo(4);
            }
            CredentialResolver wrong = new CredentialResolver(Map.of(registry.host(), new Credentials("pusher", "wrong-secret-xyz")), Map.of(), tmp);
            try (RegistryPusher pusher = vertx.pusher(wrong)) {
                assertThatThrownBy(() -> pusher.push(store, image.index(), List.of(app)))
                        .isInstanceOf(RegistryAuthException.class)
                        .hasMessageContaining(registry.host())
                        .hasMessageContaining("pusher")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-secret-xyz"))
                        .satisfies(e -> assertThat(((RegistryAuthException) e).retryable()).isFalse());
            }
        }
    }
}
