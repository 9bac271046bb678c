package dev.stowage.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.bus.RetryPolicy;
import dev.stowage.bus.Subscription;
import dev.stowage.bus.kafka.KafkaBusConfig;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.event.EventHeader;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.Published;
import dev.stowage.event.Topics;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.testsupport.Await;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The planner's shape on Kafka: one handled record emits a thousand events, in one transaction, to
 * a topic that does not exist until that transaction creates it (the first large build on fresh
 * topics). Every event arrives, in the first attempt (no transaction timed out and was retried),
 * and the stage's consumer stays alive for the next record.
 */
class KafkaLargeTransactionTest {
    @RegisterExtension
    static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();
    private static final int FAN_OUT = 1_000;

    @Test
    void aTransactionOfAThousandEventsToANewTopicArrivesWholeAndTheStageGoesOn() throws Exception {
        KafkaBusConfig config = KafkaBusConfig.of(KAFKA.bootstrapServers(), "fan-out", null)
                .withNamespace(SharedKafkaBroker.freshNamespace()).withPartitions(8)
                .withRetry(new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(60), 3));
        Set<String> arrived = ConcurrentHashMap.newKeySet();
        AtomicInteger attempts = new AtomicInteger();
        try (KafkaEventBus bus = new KafkaEventBus(config, Clock.systemUTC())) {
            bus.subscribe("watch", Topics.exactly(Topics.PUBLISHED), 1, (e, out) -> arrived.add(e.buildId()));
            Subscription stage = bus.subscribe("stage", Topics.exactly(Topics.IMAGE_ASSEMBLED), 1, (e, out) -> {
                attempts.incrementAndGet();
                for (int i = 0; i < FAN_OUT; i++) out.emit(published(e.buildId() + "-" + i));
            });
            bus.publish(image("first"));
            await("all " + FAN_OUT + " events of the first record", () -> arrived.size() == FAN_OUT || stage.failure().isPresent());
            assertThat(stage.failure()).isEmpty();
            bus.publish(image("second"));
            await("the second record's events too", () -> arrived.size() == 2 * FAN_OUT || stage.failure().isPresent());
            assertThat(stage.failure()).isEmpty();
            assertThat(attempts).as("each record handled once: no transaction aborted (timed out) and retried").hasValue(2);
            assertThat(arrived).hasSize(2 * FAN_OUT).contains("first-0", "first-999", "second-0", "second-999");
        }
    }

    private static Published published(String build) {
        return new Published(EventHeader.create(build, "stage", Clock.systemUTC()),
                Digest.ofBytes(build.getBytes(StandardCharsets.UTF_8)), List.of());
    }

    private static ImageAssembled image(String build) {
        Descriptor d = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.ofBytes(build.getBytes(StandardCharsets.UTF_8)), 1);
        return new ImageAssembled(new EventHeader(EventHeader.SCHEMA_VERSION, build + "-in", build, Instant.EPOCH, "test"),
                Platform.parse("linux/amd64"), d, d);
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(Duration.ofSeconds(120), what, condition);
    }
}
