package dev.stowage.it.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.bus.InProcessEventBus;
import dev.stowage.bus.JsonlAuditLog;
import dev.stowage.bus.Subscription;
import dev.stowage.error.BadInputException;
import dev.stowage.event.EventHeader;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.it.harness.FileTrees;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.TestImages;
import dev.stowage.oci.ImageLocation;
import dev.stowage.publisher.PublisherService;
import dev.stowage.publisher.output.OutputPublisher;
import dev.stowage.publisher.output.StagedOutput;
import dev.stowage.publisher.output.UnsupportedOutputException;
import dev.stowage.spec.Compression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher stage on an {@link IndexAssembled}: every file output written, one {@link Published} emitted. */
class PublisherServiceTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir Path tmp;
    FileSystemBlobStore store;
    TestImages images;

    @BeforeEach
    void setUp() throws Exception {
        store = new FileSystemBlobStore(tmp.resolve("store"));
        images = new TestImages(store);
    }

    @Test
    void writesEveryOutputAndEmitsPublishedAndARedeliveryChangesNothing() throws Exception {
        TestImages.Image image = images.threeLayers("v1", "a", Compression.GZIP, TestImages.AMD64, TestImages.ARM64);
        ImageLocation oci = ImageLocation.parse("oci:" + tmp.resolve("layout"));
        ImageLocation archive = ImageLocation.parse("docker-archive:" + tmp.resolve("app.tar"));
        IndexAssembled event = assembled(image, List.of(oci, archive));
        PublisherService service = new PublisherService(store, TestImages.ARM64, "publisher-test", CLOCK);

        List<StowageEvent> emitted = new ArrayList<>();
        service.handle(event, emitted::add);
        Map<String, String> after = FileTrees.snapshot(tmp.resolve("layout"));
        byte[] tar = Files.readAllBytes(tmp.resolve("app.tar"));
        service.handle(event, emitted::add);

        assertThat(emitted).hasSize(2).allSatisfy(e -> {
            Published p = (Published) e;
            assertThat(p.buildId()).isEqualTo("b-test");
            assertThat(p.header().producer()).isEqualTo("publisher-test");
            assertThat(p.index()).isEqualTo(image.index().digest());
            assertThat(p.destinations()).containsExactly(
                    new Published.Destination(oci, oci + ":v1", image.index().digest()),
                    new Published.Destination(archive, "app:v1", image.manifests().get(TestImages.ARM64).digest()));
        });
        assertThat(FileTrees.snapshot(tmp.resolve("layout"))).isEqualTo(after);
        assertThat(Files.readAllBytes(tmp.resolve("app.tar"))).isEqualTo(tar);
        JsonNode config = Skopeo.inspect("inspect", "--config", "docker-archive:" + tmp.resolve("app.tar"));
        assertThat(config.get("architecture").asText()).isEqualTo("arm64");
    }

    @Test
    void everyTagOfTheEventIsWrittenToTheLayoutAndTheArchive() throws Exception {
        TestImages.Image image = images.threeLayers("v1", "a", Compression.GZIP, TestImages.AMD64);
        ImageLocation oci = ImageLocation.parse("oci:" + tmp.resolve("layout"));
        ImageLocation archive = ImageLocation.parse("docker-archive:" + tmp.resolve("app.tar"));
        IndexAssembled event = new IndexAssembled(EventHeader.create("b-test", "assembler-test", CLOCK), "team/app", "v1",
                image.index(), List.of(oci, archive), List.of("v1", "latest"));

        new PublisherService(store, null, "publisher-test", CLOCK).handle(event, e -> {});

        for (String tag : List.of("v1", "latest")) {
            assertThat(Skopeo.rawDigest(oci + ":" + tag)).isEqualTo(image.index().digest());
            assertThat(Skopeo.inspect("inspect", "--config", archive + ":team/app:" + tag).get("architecture").asText())
                    .isEqualTo("amd64");
        }
        assertThat(FileTrees.names(tmp.resolve("layout/blobs/sha256"))).hasSize(2 + 3 + 1);
    }

    @Test
    void aMultiPlatformImageWithoutAChosenPlatformNamesThePlatformsAndWritesNoArchive() throws Exception {
        TestImages.Image image = images.threeLayers("v1", "a", Compression.GZIP, TestImages.AMD64, TestImages.ARM64);
        IndexAssembled event = assembled(image, List.of(ImageLocation.parse("docker-archive:" + tmp.resolve("app.tar"))));
        PublisherService service = new PublisherService(store, null, "publisher-test", CLOCK);

        assertThatThrownBy(() -> service.handle(event, e -> {}))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("linux/amd64").hasMessageContaining("linux/arm64").hasMessageContaining("--platform");
        assertThat(tmp.resolve("app.tar")).doesNotExist();
    }

    @Test
    void registryOutputsAreRefusedBeforeAnythingIsWrittenUnlessAWriterIsPluggedIn() throws Exception {
        TestImages.Image image = images.threeLayers("v1", "a", Compression.GZIP, TestImages.AMD64);
        IndexAssembled event = assembled(image, List.of(
                ImageLocation.parse("oci:" + tmp.resolve("layout")), ImageLocation.parse("docker://127.0.0.1:5000/app:v1")));
        PublisherService service = new PublisherService(store, null, "publisher-test", CLOCK);

        assertThatThrownBy(() -> service.handle(event, e -> {}))
                .isInstanceOf(UnsupportedOutputException.class).hasMessageContaining("docker://127.0.0.1:5000/app:v1");
        assertThat(tmp.resolve("layout")).doesNotExist();

        OutputPublisher withRegistry = new OutputPublisher(store, null).with(ImageLocation.Registry.class,
                (e, t, sizes) -> StagedOutput.of(() -> new Published.Destination(t, t.name().toString(), e.index().digest())));
        List<StowageEvent> emitted = new ArrayList<>();
        new PublisherService(withRegistry, "publisher-test", CLOCK).handle(event, emitted::add);
        assertThat(((Published) emitted.get(0)).destinations()).extracting(Published.Destination::reference)
                .containsExactly("oci:" + tmp.resolve("layout") + ":v1", "127.0.0.1:5000/app:v1");
    }

    @Test
    void subscribedToTheBusItAnswersIndexAssembledWithPublished() throws Exception {
        TestImages.Image image = images.threeLayers("v1", "a", Compression.ZSTD, TestImages.AMD64);
        ImageLocation oci = ImageLocation.parse("oci:" + tmp.resolve("layout"));
        BlockingQueue<StowageEvent> published = new LinkedBlockingQueue<>();
        try (JsonlAuditLog audit = new JsonlAuditLog(tmp.resolve("audit.jsonl"));
                InProcessEventBus bus = InProcessEventBus.withAuditLog(audit);
                Subscription s = new PublisherService(store, null, "publisher-test", CLOCK).subscribe(bus);
                Subscription watcher = bus.subscribe("watcher", Topics.exactly(Topics.PUBLISHED), 1, (e, out) -> published.add(e))) {
            bus.publish(assembled(image, List.of(oci)));
            StowageEvent e = published.poll(30, TimeUnit.SECONDS);
            assertThat(e).isInstanceOfSatisfying(Published.class, p -> assertThat(p.destinations())
                    .containsExactly(new Published.Destination(oci, oci + ":v1", image.index().digest())));
        }
        assertThat(Skopeo.rawDigest(oci + ":v1")).isEqualTo(image.index().digest());
    }

    private static IndexAssembled assembled(TestImages.Image image, List<ImageLocation> outputs) {
        return new IndexAssembled(EventHeader.create("b-test", "assembler-test", CLOCK), "app", "v1", image.index(), outputs);
    }
}
