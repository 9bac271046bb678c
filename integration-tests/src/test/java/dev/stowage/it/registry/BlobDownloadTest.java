package dev.stowage.it.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.blob.BlobRef;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.TestVertx;
import dev.stowage.it.harness.Tools;
import dev.stowage.net.BoundedRetry;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.registry.BlobGet;
import dev.stowage.registry.ManifestGet;
import dev.stowage.registry.PulledManifest;
import dev.stowage.registry.RegistryCaller;
import dev.stowage.registry.RegistryRejectedException;
import dev.stowage.registry.RegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Streamed blob GETs and manifest GETs against the real docker-registry. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlobDownloadTest {
    @RegisterExtension final TestVertx vertx = new TestVertx();
    @TempDir Path tmp;

    @Test
    void manyShortDownloadsAllArriveVerifiedAndAWrongDigestIsNeverStored() throws Exception {
        Path layout = tmp.resolve("layout");
        Tools.run("umoci", "init", "--layout", layout.toString());
        Tools.run("umoci", "new", "--image", layout + ":t");
        try (Registry registry = Registry.anonymous(tmp.resolve("registry"));
                RegistryCaller caller = new RegistryCaller(vertx.get(), registry.host(), true, Optional.empty(),
                        new BoundedRetry(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(5));
                FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("store"))) {
            Tools.run("skopeo", "copy", "-q", "--dest-tls-verify=false", "oci:" + layout + ":t", registry.docker("team/app:1"));
            JsonNode raw = Skopeo.inspect("inspect", "--raw", "--tls-verify=false", registry.docker("team/app:1"));
            PulledManifest manifest = caller.call(new ManifestGet("team/app", "1")).orElseThrow();
            assertThat(manifest.digest()).isEqualTo(Digest.ofBytes(Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false",
                    registry.docker("team/app:1")).getBytes(StandardCharsets.UTF_8)));
            assertThat(caller.call(new ManifestGet("team/app", manifest.digest().toString()))).isPresent();
            assertThat(caller.call(new ManifestGet("team/app", "2"))).isEmpty();

            Descriptor config = Descriptor.of(raw.get("config").get("mediaType").asText(),
                    Digest.parse(raw.get("config").get("digest").asText()), raw.get("config").get("size").asLong());
            for (int i = 0; i < 200; i++) {
                BlobRef ref = caller.download(new BlobGet("team/app", config, store));
                assertThat(ref.digest()).isEqualTo(config.digest());
            }
            assertThat(store.readAll(config.digest())).hasSize((int) config.size());

            // a descriptor claiming other bytes: the body is read, refused, nothing is stored under the claim
            Descriptor lie = Descriptor.of(config.mediaType(), Digest.ofBytes(new byte[] {1}), config.size());
            assertThatThrownBy(() -> caller.download(new BlobGet("team/app", lie, store)))
                    .isInstanceOfAny(RegistryRejectedException.class, RegistryUnavailableException.class);
            assertThat(store.exists(lie.digest())).isFalse();
            try (var left = Files.list(tmp.resolve("store/tmp"))) {
                assertThat(left).isEmpty();
            }
        }
    }
}
