package dev.stowage.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.blob.BlobRef;
import dev.stowage.blob.BlobStore;
import dev.stowage.blob.BlobWriter;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.bus.EventHandler;
import dev.stowage.bus.RetryPolicy;
import dev.stowage.bus.kafka.KafkaBusConfig;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.EventHeader;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.testsupport.Await;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A stage's output and its offset commit are one Kafka transaction: an aborted attempt leaves nothing visible. */
class KafkaTransactionsTest {
    @RegisterExtension
    static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();

    @Test
    void outputOfAnAbortedAttemptIsInvisibleToReadCommittedAndTheRecordIsHandledAgain(@TempDir Path dir) throws Exception {
        String ns = SharedKafkaBroker.freshNamespace();
        String images = ns + Topics.IMAGE_ASSEMBLED;
        AtomicBoolean storeAway = new AtomicBoolean(true);
        // The blob store fails its first claim check, but only once the first output record is on
        // the broker (uncommitted): the transaction has written something and must abort.
        BlobStore claimChecks = new FailingPuts(new FileSystemBlobStore(dir), () -> {
            if (!storeAway.getAndSet(false)) return;
            await("the first output on the broker, uncommitted", () -> SharedKafkaBroker.sizeWithAborted(KAFKA.bootstrapServers(), images) == 1);
            throw new IOException("blob store away (injected)");
        });
        KafkaBusConfig config = KafkaBusConfig.of(KAFKA.bootstrapServers(), "tx", claimChecks).withNamespace(ns).withPartitions(2)
                .withClaimCheckThreshold(4096)
                .withRetry(new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(60), 3));
        AtomicInteger attempts = new AtomicInteger();
        List<StowageEvent> seen = new CopyOnWriteArrayList<>();
        try (KafkaEventBus bus = new KafkaEventBus(config, Clock.systemUTC())) {
            bus.subscribe("watch", Topics.exactly(Topics.IMAGE_ASSEMBLED, Topics.BUILD_FAILED), 1, (e, out) -> seen.add(e));
            bus.subscribe("stage", Topics.exactly(Topics.PUBLISHED), 1, (e, out) -> {
                attempts.incrementAndGet();
                out.emit(image(e.buildId()));
                out.emit(largeReport(e.buildId()));
            });
            bus.publish(new Published(EventHeader.create("tx-1", "test", Clock.systemUTC()),
                    Digest.ofBytes("tx".getBytes(StandardCharsets.UTF_8)), List.of()));
            await("both outputs of the second attempt", () -> seen.size() == 2);
        }
        assertThat(attempts).hasValue(2);
        assertThat(seen).containsExactlyInAnyOrder(image("tx-1"), largeReport("tx-1"));
        assertThat(SharedKafkaBroker.size(KAFKA.bootstrapServers(), images)).isEqualTo(1);
        assertThat(SharedKafkaBroker.sizeWithAborted(KAFKA.bootstrapServers(), images)).isEqualTo(2);
    }

    @Test
    void aSecondInstanceWithTheSameClientIdFencesTheFirstWhoseFailureIsRethrownOnClose() throws Exception {
        KafkaBusConfig config = KafkaBusConfig.of(KAFKA.bootstrapServers(), "same-instance", null)
                .withNamespace(SharedKafkaBroker.freshNamespace()).withPartitions(4)
                .withRetry(new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(60), 3));
        Map<Digest, Integer> handled = new ConcurrentHashMap<>();
        EventHandler stage = (e, out) -> {
            handled.merge(((Published) e).index(), 1, Integer::sum);
            out.emit(image(e.buildId()));
        };
        KafkaEventBus zombie = new KafkaEventBus(config, Clock.systemUTC());
        try (KafkaEventBus successor = new KafkaEventBus(config, Clock.systemUTC())) {
            zombie.subscribe("stage", Topics.exactly(Topics.PUBLISHED), 1, stage);
            successor.publish(published("f-0", 0));
            await("the first instance at work", () -> handled.size() == 1);
            successor.subscribe("stage", Topics.exactly(Topics.PUBLISHED), 1, stage);
            for (int i = 1; i < 20; i++) successor.publish(published("f-" + i, i));
            await("every message handled", () -> handled.size() == 20);
        } finally {
            Assertions.assertThatThrownBy(zombie::close)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("same client id")
                    .hasRootCauseInstanceOf(ProducerFencedException.class);
        }
    }

    private static Published published(String build, int n) {
        return new Published(EventHeader.create(build, "test", Clock.systemUTC()),
                Digest.ofBytes((build + "/" + n).getBytes(StandardCharsets.UTF_8)), List.of());
    }

    private static ImageAssembled image(String build) {
        Descriptor d = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.ofBytes(build.getBytes(StandardCharsets.UTF_8)), 1);
        return new ImageAssembled(new EventHeader(EventHeader.SCHEMA_VERSION, build + "-out", build, Instant.EPOCH, "stage"), Platform.parse("linux/amd64"), d, d);
    }

    /** An event above the claim-check threshold, so publishing it writes to the blob store. */
    private static BuildFailed largeReport(String build) {
        return new BuildFailed(new EventHeader(EventHeader.SCHEMA_VERSION, build + "-out", build, Instant.EPOCH, "stage"), "stage", BuildFailed.Kind.INTERNAL, "", "x".repeat(20_000));
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(Duration.ofSeconds(60), what, condition);
    }

    /** Fault injection around a real store: {@code beforePut} runs before every {@link #put}. */
    private record FailingPuts(BlobStore store, IoAction beforePut) implements BlobStore {
        interface IoAction {
            void run() throws IOException;
        }

        @Override
        public BlobRef put(byte[] bytes) throws IOException {
            beforePut.run();
            return store.put(bytes);
        }

        @Override
        public boolean exists(Digest digest) throws IOException {
            return store.exists(digest);
        }

        @Override
        public long size(Digest digest) throws IOException {
            return store.size(digest);
        }

        @Override
        public InputStream open(Digest digest) throws IOException {
            return store.open(digest);
        }

        @Override
        public BlobWriter writer() throws IOException {
            return store.writer();
        }

        @Override
        public Optional<Digest> readSelector(Digest selector) throws IOException {
            return store.readSelector(selector);
        }

        @Override
        public void writeSelector(Digest selector, Digest target) throws IOException {
            store.writeSelector(selector, target);
        }

        @Override
        public String describe() {
            return store.describe();
        }
    }
}
