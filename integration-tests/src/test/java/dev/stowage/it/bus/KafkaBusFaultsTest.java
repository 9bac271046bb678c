package dev.stowage.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.bus.EventHandler;
import dev.stowage.bus.RetryPolicy;
import dev.stowage.bus.Subscription;
import dev.stowage.bus.kafka.KafkaBusConfig;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.event.EventHeader;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.it.harness.KafkaBroker;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.testsupport.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on a real broker of this class's own (it is stopped and restarted): a broker restart,
 * a stage restarted while its input flows, a member joining mid-stream (a rebalance).
 */
class KafkaBusFaultsTest {
    @TempDir
    static Path dir;
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new KafkaBroker(dir.resolve("broker"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) broker.close();
    }

    private static KafkaBusConfig config(boolean transactional) {
        return KafkaBusConfig.of(broker.bootstrapServers(), "faults", null).withNamespace(SharedKafkaBroker.freshNamespace())
                .withPartitions(4).withTransactional(transactional)
                .withRetry(new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(200), Duration.ofMinutes(5), 3));
    }

    @Test
    void nothingIsLostAcrossABrokerRestart() throws Exception {
        Map<Digest, Integer> seen = new ConcurrentHashMap<>();
        try (KafkaEventBus bus = new KafkaEventBus(config(true), Clock.systemUTC())) {
            bus.subscribe("stage", Topics.exactly(Topics.PUBLISHED), 2, (e, out) -> seen.merge(((Published) e).index(), 1, Integer::sum));
            for (int i = 0; i < 20; i++) bus.publish(published("r-" + (i % 4), i));
            broker.stop();
            broker.start();
            for (int i = 20; i < 40; i++) bus.publish(published("r-" + (i % 4), i));
            await("every message handled", () -> seen.size() == 40);
        }
        for (int i = 0; i < 40; i++) assertThat(seen).containsKey(published("r-" + (i % 4), i).index());
    }

    @Test
    void aStageRestartedWhileItsInputFlowsEmitsEveryOutputOnce() throws Exception {
        stageUnderFault((bus, stage) -> {
            stage.close();
            bus.subscribe("stage", Topics.exactly(Topics.PUBLISHED), 2, KafkaBusFaultsTest::assemble);
        });
    }

    @Test
    void aTransactionalStageSurvivesABrokerKillMidStreamAndEmitsEveryOutputOnce() throws Exception {
        stageUnderFault((bus, stage) -> {
            broker.kill();
            broker.start();
        });
    }

    /** What happens to a running stage once it has emitted some outputs. */
    private interface Fault {
        void strike(KafkaEventBus bus, Subscription stage) throws Exception;
    }

    /**
     * A transactional consume-and-produce stage (2 members) gets 60 inputs from another thread;
     * after 10 outputs the fault strikes; every output must then arrive, each exactly once.
     */
    private static void stageUnderFault(Fault fault) throws Exception {
        KafkaBusConfig config = config(true);
        Map<Digest, Integer> outputs = new ConcurrentHashMap<>();
        try (KafkaEventBus bus = new KafkaEventBus(config, Clock.systemUTC())) {
            bus.subscribe("watch", Topics.exactly(Topics.IMAGE_ASSEMBLED), 1,
                    (e, out) -> outputs.merge(((ImageAssembled) e).manifest().digest(), 1, Integer::sum));
            Subscription stage = bus.subscribe("stage", Topics.exactly(Topics.PUBLISHED), 2, KafkaBusFaultsTest::assemble);
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 60; i++) bus.publish(published("s-" + (i % 6), i));
            });
            producer.start();
            await("some outputs", () -> outputs.size() >= 10);
            fault.strike(bus, stage);
            producer.join(180_000);
            assertThat(producer.isAlive()).isFalse();
            await("every output", () -> outputs.size() == 60);
        }
        assertThat(outputs.values()).allMatch(n -> n == 1);
        assertThat(SharedKafkaBroker.size(broker.bootstrapServers(), config.namespace() + Topics.IMAGE_ASSEMBLED)).isEqualTo(60);
    }

    @Test
    void aMemberJoiningMidStreamCommitsWhatItHandledBeforeItsPartitionsMove() throws Exception {
        Map<Digest, Integer> seen = new ConcurrentHashMap<>();
        AtomicInteger byNewMembers = new AtomicInteger();
        AtomicInteger published = new AtomicInteger();
        try (KafkaEventBus bus = new KafkaEventBus(config(false), Clock.systemUTC())) {
            bus.subscribe("stage", Topics.exactly(Topics.PUBLISHED), 1, (e, out) -> seen.merge(((Published) e).index(), 1, Integer::sum));
            // Publishes until the new members have handled some messages: the rebalance happens mid-stream.
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 5_000 && byNewMembers.get() < 20; i++) {
                    bus.publish(published("m-" + (i % 8), i));
                    published.incrementAndGet();
                }
            });
            producer.start();
            await("some handled", () -> seen.size() >= 10);
            bus.subscribe("stage", Topics.exactly(Topics.PUBLISHED), 2, (e, out) -> {
                seen.merge(((Published) e).index(), 1, Integer::sum);
                byNewMembers.incrementAndGet();
            });
            producer.join(180_000);
            assertThat(producer.isAlive()).isFalse();
            await("every message", () -> seen.size() == published.get());
        }
        assertThat(byNewMembers.get()).isGreaterThanOrEqualTo(20);
        assertThat(seen.entrySet()).allMatch(e -> e.getValue() == 1, "each handled once");
    }

    /** A consume-and-produce stage: one output per input, derived from it. */
    private static void assemble(StowageEvent e, EventHandler.Emitter out) {
        Published p = (Published) e;
        Descriptor d = Descriptor.of(MediaTypes.OCI_MANIFEST, p.index(), 1);
        out.emit(new ImageAssembled(EventHeader.create(p.buildId(), "stage", Clock.systemUTC()), Platform.parse("linux/amd64"), d, d));
    }

    private static Published published(String build, int n) {
        return new Published(EventHeader.create(build, "test", Clock.systemUTC()),
                Digest.ofBytes((build + "/" + n).getBytes(StandardCharsets.UTF_8)), List.of());
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(Duration.ofSeconds(120), what, condition);
    }
}
