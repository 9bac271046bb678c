package dev.stowage.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.RegistryProxy;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.TestImages;
import dev.stowage.it.harness.TestVertx;
import dev.stowage.it.harness.Tools;
import dev.stowage.oci.ImageName;
import dev.stowage.registry.CredentialResolver;
import dev.stowage.registry.PushResult;
import dev.stowage.registry.PushSettings;
import dev.stowage.registry.RegistryMeters;
import dev.stowage.registry.RegistryPusher;
import dev.stowage.spec.Compression;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A push through a proxy that answers a quarter of the requests with 503 or 429 (Retry-After) itself. */
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryFaultTest {
    @RegisterExtension final TestVertx vertx = new TestVertx();
    @TempDir Path tmp;

    @Test
    void aPushThroughAQuarterOfFailedRequestsCompletesAndVerifies() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"));
        // the last layer is uncompressed (~72 KB), so with 16 KiB chunks it goes up in PATCHes; one upload at a
        // time, so the request after a 429 is its retry
        TestImages.Image image = new TestImages(store).threeLayers("v1", "fault", Compression.NONE, TestImages.AMD64, TestImages.ARM64);
        CredentialResolver none = new CredentialResolver(Map.of(), Map.of(), tmp.resolve("home"));
        try (Registry registry = Registry.anonymous(tmp.resolve("registry"));
             RegistryProxy proxy = new RegistryProxy(registry, RegistryProxy.unavailable(20261129L, 0.25));
             RegistryPusher pusher = vertx.pusher(none, PushSettings.defaults().withChunkSize(16 * 1024).withParallelUploads(1),
                     new RegistryMeters(meters))) {
            ImageName app = ImageName.parsePushTarget(proxy.host() + "/team/app:v1");
            PushResult result = pusher.push(store, image.index(), List.of(app, app.withTag("latest")));
            assertMetered(meters, proxy, store);

            assertThat(result.uploaded()).isEqualTo(5); // 3 layers + 2 configs
            List<String> faults = proxy.answered();
            assertThat(faults).anyMatch(f -> f.startsWith("503 ")).anyMatch(f -> f.startsWith("429 "));
            assertThat((double) faults.size() / proxy.requests().size()).isBetween(0.1, 0.4);
            assertThat(proxy.count(r -> r.startsWith("PATCH "))).isGreaterThanOrEqualTo(5);
            for (String f : faults) {
                int i = Integer.parseInt(f.substring(f.lastIndexOf('#') + 1));
                if (f.startsWith("429 ")) assertThat(proxy.gapAfterMillis(i)).as("retry after " + f).isGreaterThanOrEqualTo(950);
            }

            for (String tag : List.of("team/app:v1", "team/app:latest")) {
                assertThat(Skopeo.rawDigest("--tls-verify=false", registry.docker(tag))).isEqualTo(image.index().digest());
            }
            Path out = tmp.resolve("copy");
            Tools.run("skopeo", "copy", "-q", "--all", "--preserve-digests", "--dest-oci-accept-uncompressed-layers", "--src-tls-verify=false",
                    registry.docker("team/app:v1"), "oci:" + out + ":v1");
            assertThat(Skopeo.rawDigest("oci:" + out + ":v1")).isEqualTo(image.index().digest());
            for (var m : image.manifests().values()) {
                assertThat(Skopeo.rawDigest("--tls-verify=false", registry.docker("team/app@" + m.digest()))).isEqualTo(m.digest());
            }
        }
    }

    /** The registry meters saw every request the proxy saw, each fault as a 5xx or 4xx and a retry, and at least every stored byte go up. */
    private static void assertMetered(SimpleMeterRegistry meters, RegistryProxy proxy, FileSystemBlobStore store) throws Exception {
        ToDoubleFunction<String> byStatus = status -> meters.find("stowage.registry.requests").tag("status", status)
                .counters().stream().mapToDouble(c -> c.count()).sum();
        List<String> faults = proxy.answered();
        assertThat(byStatus.applyAsDouble("2xx") + byStatus.applyAsDouble("3xx") + byStatus.applyAsDouble("4xx") + byStatus.applyAsDouble("5xx"))
                .isEqualTo(proxy.requests().size());
        assertThat(byStatus.applyAsDouble("5xx")).isEqualTo(faults.stream().filter(f -> f.startsWith("503 ")).count());
        assertThat(byStatus.applyAsDouble("4xx")).isGreaterThanOrEqualTo(faults.stream().filter(f -> f.startsWith("429 ")).count());
        assertThat(meters.get("stowage.registry.retries").counter().count()).isEqualTo(faults.size());
        long stored = store.list().stream().mapToLong(b -> b.size()).sum();
        assertThat(meters.get("stowage.registry.pushed").counter().count()).isGreaterThanOrEqualTo(stored);
    }

    @Test
    void answersLostAfterTheRegistryActedRestartTheBlobAndThePushCompletes() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"));
        TestImages.Image image = new TestImages(store).threeLayers("v1", "lost", Compression.NONE, TestImages.AMD64, TestImages.ARM64);
        CredentialResolver none = new CredentialResolver(Map.of(), Map.of(), tmp.resolve("home"));
        try (Registry registry = Registry.anonymous(tmp.resolve("registry"));
             RegistryProxy proxy = new RegistryProxy(registry, RegistryProxy.losingUploadAnswers(7L, 0.15));
             // one upload at a time: the seeded faults hit the same requests on every run
             RegistryPusher pusher = vertx.pusher(none, PushSettings.defaults().withChunkSize(16 * 1024).withParallelUploads(1))) {
            ImageName app = ImageName.parsePushTarget(proxy.host() + "/team/app:v1");
            pusher.push(store, image.index(), List.of(app));

            // chunks the registry took whose answers were lost: their retries met a session that had moved on
            // (distribution cancels it: 404 BLOB_UPLOAD_INVALID), so those blobs started over
            assertThat(proxy.answered()).anyMatch(f -> f.contains(" PATCH ") && f.endsWith("after 202"));
            assertThat(proxy.count(r -> r.equals("POST /v2/team/app/blobs/uploads/"))).isGreaterThan(5);
            assertThat(Skopeo.rawDigest("--tls-verify=false", registry.docker("team/app:v1"))).isEqualTo(image.index().digest());
            Tools.run("skopeo", "copy", "-q", "--all", "--preserve-digests", "--dest-oci-accept-uncompressed-layers", "--src-tls-verify=false",
                    registry.docker("team/app:v1"), "oci:" + tmp.resolve("copy") + ":v1");
        }
    }
}
