package dev.stowage.it.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.error.TransientException;
import dev.stowage.event.EventHeader;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.RegistryProxy;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.TestImages;
import dev.stowage.it.harness.TestVertx;
import dev.stowage.it.harness.Tools;
import dev.stowage.net.BoundedRetry;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.MediaTypes;
import dev.stowage.publisher.PublisherService;
import dev.stowage.publisher.output.OutputPublisher;
import dev.stowage.publisher.output.RegistryOutputWriter;
import dev.stowage.registry.CredentialResolver;
import dev.stowage.registry.PushSettings;
import dev.stowage.registry.RegistryPusher;
import dev.stowage.spec.Compression;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The publisher stage with the registry writer plugged in: IndexAssembled → push → Published. */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryPublisherServiceTest {
    @RegisterExtension final TestVertx vertx = new TestVertx();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    @TempDir Path tmp;

    private PublisherService service(FileSystemBlobStore store, RegistryPusher pusher) {
        return new PublisherService(new OutputPublisher(store, null)
                .with(ImageLocation.Registry.class, new RegistryOutputWriter(store, pusher)), "publisher-test", CLOCK);
    }

    private static IndexAssembled assembled(TestImages.Image image, List<ImageLocation> outputs) {
        return new IndexAssembled(EventHeader.create("b-registry", "assembler-test", CLOCK), "team/app", "v1", image.index(), outputs,
                List.of("v1", "stable"));
    }

    @Test
    void aRedeliveredEventPublishesTheSameDestinationsAndUploadsNothing() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"));
        TestImages.Image image = new TestImages(store).threeLayers("v1", "svc", Compression.GZIP, TestImages.AMD64, TestImages.ARM64);
        CredentialResolver none = new CredentialResolver(Map.of(), Map.of(), tmp.resolve("home"));
        try (Registry registry = Registry.anonymous(tmp.resolve("registry"));
             RegistryProxy proxy = new RegistryProxy(registry, RegistryProxy.none());
             RegistryPusher pusher = vertx.pusher(none)) {
            // no tag in the reference: every tag of the event
            IndexAssembled event = assembled(image, List.of(ImageLocation.parse("docker://" + proxy.host() + "/team/app")));
            List<StowageEvent> emitted = new ArrayList<>();
            service(store, pusher).handle(event, emitted::add);
            proxy.clear();
            service(store, pusher).handle(event, emitted::add);

            Published.Destination expected = new Published.Destination(event.outputs().get(0), proxy.host() + "/team/app:v1",
                    image.index().digest(), MediaTypes.OCI_INDEX);
            assertThat(emitted).hasSize(2).allSatisfy(e -> assertThat(((Published) e).destinations()).containsExactly(expected));
            assertThat(proxy.count(RegistryProxy::blobUpload)).isZero();
            for (String tag : List.of("team/app:v1", "team/app:stable")) {
                assertThat(Skopeo.rawDigest("--tls-verify=false", registry.docker(tag))).isEqualTo(image.index().digest());
            }
        }
    }

    @Test
    void whenOneRegistryFailsNoRegistryGetsATagAndNoFileIsWritten() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"));
        TestImages.Image image = new TestImages(store).threeLayers("v1", "half", Compression.GZIP, TestImages.AMD64);
        int closed;
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        CredentialResolver none = new CredentialResolver(Map.of(), Map.of(), tmp.resolve("home"));
        PushSettings quick = PushSettings.defaults().withRetry(new BoundedRetry(2, Duration.ofMillis(50), Duration.ofMillis(50)));
        try (Registry registry = Registry.anonymous(tmp.resolve("registry"));
             RegistryPusher pusher = vertx.pusher(none, quick)) {
            String down = "docker://127.0.0.1:" + closed + "/team/app:v1";
            IndexAssembled event = assembled(image, List.of(ImageLocation.parse(registry.docker("team/app:v1")),
                    ImageLocation.parse("oci:" + tmp.resolve("layout")), ImageLocation.parse(down)));

            assertThatThrownBy(() -> service(store, pusher).handle(event, e -> {}))
                    .isInstanceOf(TransientException.class).hasMessageStartingWith(down)
                    .satisfies(e -> assertThat(((TransientException) e).retryable()).isTrue());
            // the reachable registry has the content by digest, but no tag points at it
            assertThat(Skopeo.rawDigest("--tls-verify=false", registry.docker("team/app@" + image.index().digest()))).isEqualTo(image.index().digest());
            assertThat(Tools.attempt("skopeo", "inspect", "--raw", "--tls-verify=false", registry.docker("team/app:v1")).exitCode()).isNotZero();
            assertThat(tmp.resolve("layout")).doesNotExist();
        }
    }
}
