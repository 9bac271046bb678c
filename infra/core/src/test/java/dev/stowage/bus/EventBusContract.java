package dev.stowage.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.error.BadInputException;
import dev.stowage.error.TransientException;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.EventCodec;
import dev.stowage.event.EventHeader;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.LayerTask;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.spec.Compression;
import dev.stowage.testsupport.Await;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka's contract, for every {@link EventBus}: a concrete test class supplies a fresh bus (with a
 * short-backoff {@link #retryPolicy()}) and a way to count the messages of a topic.
 */
public abstract class EventBusContract {
    protected EventBus bus;

    /** A fresh bus; topics and groups left by earlier tests must not disturb this one. */
    protected abstract EventBus newBus();

    /** Number of messages now in {@code topic} (all partitions). */
    protected abstract long size(String topic);

    /** How long to wait for an asynchronous outcome. */
    protected Duration patience() {
        return Duration.ofSeconds(10);
    }

    protected static RetryPolicy retryPolicy() {
        return new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(30), 3);
    }

    @BeforeEach
    void open() {
        bus = newBus();
    }

    @AfterEach
    void close() {
        bus.close();
    }

    protected static Published published(String build, int n) {
        return new Published(EventHeader.create(build, "test", Clock.systemUTC()),
                Digest.ofBytes((build + n).getBytes(StandardCharsets.UTF_8)), List.of());
    }

    protected static ImageAssembled image(String build, String platform) {
        Descriptor d = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.ofBytes(platform.getBytes(StandardCharsets.UTF_8)), 1);
        return new ImageAssembled(EventHeader.create(build, "test", Clock.systemUTC()), Platform.parse(platform), d, d);
    }

    protected final void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(patience(), what, condition);
    }

    @Test
    void messagesOfOneKeyArriveInOrderAndEveryGroupGetsEachOnce() throws Exception {
        List<Digest> a = new CopyOnWriteArrayList<>();
        List<Digest> b = new CopyOnWriteArrayList<>();
        bus.subscribe("group-a", Topics.exactly(Topics.PUBLISHED), 3, (e, out) -> a.add(((Published) e).index()));
        bus.subscribe("group-b", Topics.exactly(Topics.PUBLISHED), 1, (e, out) -> b.add(((Published) e).index()));
        for (int i = 0; i < 50; i++) bus.publish(published("b-1", i));
        await("both groups", () -> a.size() == 50 && b.size() == 50);
        for (int i = 0; i < 50; i++) assertThat(a.get(i)).isEqualTo(published("b-1", i).index());
        assertThat(b).containsExactlyElementsOf(a);
    }

    @Test
    void aTransientFailureIsRedeliveredUntilItSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<StowageEvent> done = new CopyOnWriteArrayList<>();
        bus.subscribe("flaky", Topics.exactly(Topics.PUBLISHED), 1, (e, out) -> {
            if (attempts.incrementAndGet() < 4) throw new TransientException("storage away", null);
            done.add(e);
        });
        bus.publish(published("b-2", 1));
        await("success", () -> done.size() == 1);
        assertThat(attempts).hasValue(4);
    }

    @Test
    void badInputIsDeadLetteredWithABuildFailedAndEmittedEventsAreDropped() throws Exception {
        List<BuildFailed> failed = new CopyOnWriteArrayList<>();
        bus.subscribe("watch", Topics.exactly(Topics.BUILD_FAILED), 1, (e, out) -> failed.add((BuildFailed) e));
        bus.subscribe("stage", Topics.exactly(Topics.PUBLISHED), 1, (e, out) -> {
            out.emit(image(e.buildId(), "linux/amd64"));
            throw new BadInputException("/nix/store/x-missing", "store path not found");
        });
        bus.publish(published("b-3", 1));
        await("BuildFailed", () -> failed.size() == 1);
        assertThat(failed.get(0).kind()).isEqualTo(BuildFailed.Kind.BAD_INPUT);
        assertThat(failed.get(0).stage()).isEqualTo("stage");
        assertThat(failed.get(0).input()).isEqualTo("/nix/store/x-missing");
        // the dead letter and the BuildFailed go to two topics: an at-least-once bus may deliver the second first
        await("dead letter", () -> size(Topics.deadLetters(Topics.PUBLISHED)) == 1);
        assertThat(size(Topics.IMAGE_ASSEMBLED)).isZero();
    }

    @Test
    void aPoisonMessageIsDeadLetteredAndTheNextOneStillHandled() throws Exception {
        List<StowageEvent> handled = new CopyOnWriteArrayList<>();
        List<BuildFailed> failed = new CopyOnWriteArrayList<>();
        bus.subscribe("watch", Topics.exactly(Topics.BUILD_FAILED), 1, (e, out) -> failed.add((BuildFailed) e));
        bus.subscribe("stage", Topics.exactly(Topics.PUBLISHED), 1, (e, out) -> handled.add(e));
        bus.publishRaw(Topics.PUBLISHED, "b-4", "{\"type\":\"Published\",\"header\":{\"buildId\":\"b-4\"},\"index\":42}".getBytes(StandardCharsets.UTF_8));
        bus.publish(published("b-4", 2));
        await("next message", () -> handled.size() == 1);
        await("BuildFailed of the poison", () -> failed.size() == 1);
        assertThat(failed.get(0).buildId()).isEqualTo("b-4");
        assertThat(size(Topics.deadLetters(Topics.PUBLISHED))).isEqualTo(1);
    }

    /**
     * A rolling upgrade: a newer planner's task carries a field this worker does not know (handled,
     * its output published); a task of a newer major version is dead-lettered with a BuildFailed
     * naming the version, and the next task is still handled.
     */
    @Test
    void aNewerReleasesTaskIsHandledAndANewerMajorIsDeadLetteredNamingTheVersion() throws Exception {
        List<StowageEvent> handled = new CopyOnWriteArrayList<>();
        List<StowageEvent> built = new CopyOnWriteArrayList<>();
        List<BuildFailed> failed = new CopyOnWriteArrayList<>();
        bus.subscribe("watch", Topics.exactly(Topics.BUILD_FAILED), 1, (e, out) -> failed.add((BuildFailed) e));
        bus.subscribe("built", Topics.exactly(Topics.IMAGE_ASSEMBLED), 1, (e, out) -> built.add(e));
        bus.subscribe("layer-worker", Topics.layerTaskPattern(null), 1, (e, out) -> {
            handled.add(e);
            out.emit(image(e.buildId(), "linux/amd64"));
        });
        LayerTask v1 = new LayerTask(EventHeader.create("b-new", "planner-v1.1", Clock.systemUTC()), Platform.parse("linux/amd64"), 0, 1,
                Digest.ofBytes("task".getBytes(StandardCharsets.UTF_8)), "/nix/store", Instant.EPOCH, Compression.GZIP, List.of());
        String topic = Topics.of(v1);
        String json = new String(EventCodec.encode(v1), StandardCharsets.UTF_8);
        String withExtraField = json.replaceFirst("^\\{", "{\"encoderThreads\":4,");
        String newerMajor = json.replace("\"schemaVersion\":1", "\"schemaVersion\":2").replace("b-new", "b-v2");
        bus.publishRaw(topic, v1.partitionKey(), newerMajor.getBytes(StandardCharsets.UTF_8));
        bus.publishRaw(topic, v1.partitionKey(), withExtraField.getBytes(StandardCharsets.UTF_8));
        await("the task with an unknown field handled and its output published", () -> built.size() == 1);
        await("BuildFailed of the newer major", () -> failed.size() == 1);
        assertThat(handled).containsExactly(v1);
        assertThat(built.get(0).buildId()).isEqualTo("b-new");
        BuildFailed f = failed.get(0);
        assertThat(f.buildId()).isEqualTo("b-v2");
        assertThat(f.stage()).isEqualTo("layer-worker");
        assertThat(f.kind()).isEqualTo(BuildFailed.Kind.BAD_INPUT);
        assertThat(f.message()).isEqualTo("LayerTask: schema v2 is newer than this worker understands (v1)");
        assertThat(size(Topics.deadLetters(topic))).isEqualTo(1);
    }

    @Test
    void nothingIsLostAcrossAConsumerRestart() throws Exception {
        Map<Digest, Integer> seen = new ConcurrentHashMap<>();
        Subscription first = bus.subscribe("restart", Topics.exactly(Topics.PUBLISHED), 2, (e, out) -> seen.merge(((Published) e).index(), 1, Integer::sum));
        for (int i = 0; i < 30; i++) bus.publish(published("b-" + (i % 5), i));
        await("some handled", () -> seen.size() >= 5);
        first.close();
        for (int i = 30; i < 60; i++) bus.publish(published("b-" + (i % 5), i));
        bus.subscribe("restart", Topics.exactly(Topics.PUBLISHED), 2, (e, out) -> seen.merge(((Published) e).index(), 1, Integer::sum));
        await("all handled", () -> seen.size() == 60);
    }

    @Test
    void aPatternSubscriptionSeesTopicsCreatedLater() throws Exception {
        List<StowageEvent> seen = new CopyOnWriteArrayList<>();
        bus.subscribe("images", Pattern.compile(Pattern.quote(Topics.IMAGE_ASSEMBLED) + ".*"), 1,
                (e, out) -> seen.add(e));
        bus.publish(image("b-5", "linux/arm64"));
        await("event on a topic created after subscribing", () -> seen.size() == 1);
    }

    @Test
    void aPatternSubscriptionSeesALayerTaskTopicCreatedAfterIt() throws Exception {
        List<StowageEvent> seen = new CopyOnWriteArrayList<>();
        bus.subscribe("workers", Topics.layerTaskPattern(null), 1, (e, out) -> seen.add(e));
        LayerTask task = new LayerTask(EventHeader.create("b-6", "test", Clock.systemUTC()), Platform.parse("linux/riscv64"), 0, 1,
                Digest.ofBytes("task".getBytes(StandardCharsets.UTF_8)), "/nix/store", Instant.EPOCH,
                Compression.GZIP, List.of());
        bus.publish(task);
        await("a task on a topic created after subscribing", () -> seen.size() == 1);
        assertThat(seen.get(0)).isEqualTo(task);
    }

    @Test
    void concurrencyThreeHandlesEveryMessageOnceInKeyOrder() throws Exception {
        Map<String, List<Digest>> byBuild = new ConcurrentHashMap<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        bus.subscribe("parallel", Topics.exactly(Topics.PUBLISHED), 3, (e, out) -> {
            threads.add(Thread.currentThread().getName());
            byBuild.computeIfAbsent(e.buildId(), k -> new CopyOnWriteArrayList<>()).add(((Published) e).index());
        });
        for (int i = 0; i < 60; i++) bus.publish(published("c-" + (i % 6), i));
        await("all handled", () -> byBuild.values().stream().mapToInt(List::size).sum() == 60);
        for (int k = 0; k < 6; k++) {
            List<Digest> expected = new ArrayList<>();
            for (int i = k; i < 60; i += 6) expected.add(published("c-" + k, i).index());
            assertThat(byBuild.get("c-" + k)).containsExactlyElementsOf(expected);
        }
    }

    /** What a handler throws when its consumer cannot go on: neither a retry nor a dead letter helps. */
    private static final class CannotGoOn extends Error {
        CannotGoOn() {
            super("the consumer cannot go on (test)");
        }
    }

    @Test
    void aConsumerThatCannotGoOnIsReportedByFailureAndRethrownOnClose() throws Exception {
        List<StowageEvent> handled = new CopyOnWriteArrayList<>();
        Subscription healthy = bus.subscribe("healthy", Topics.exactly(Topics.PUBLISHED), 1, (e, out) -> handled.add(e));
        Subscription dying = bus.subscribe("dying", Topics.exactly(Topics.PUBLISHED), 1, (e, out) -> {
            throw new CannotGoOn();
        });
        assertThat(dying.failure()).isEmpty();
        bus.publish(published("f-1", 1));
        await("the failure reported", () -> dying.failure().isPresent());
        await("the other group unaffected", () -> handled.size() == 1);
        assertThat(dying.failure()).get().isInstanceOf(CannotGoOn.class);
        assertThat(healthy.failure()).isEmpty();
        Assertions.assertThatThrownBy(dying::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dying").hasCauseInstanceOf(CannotGoOn.class);
        healthy.close();
        assertThat(healthy.failure()).isEmpty();
    }
}
