package dev.stowage.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.error.BadInputException;
import dev.stowage.error.TransientException;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.EventHeader;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kafka's contract, kept by the in-process bus. */
class InProcessEventBusTest {
    private final InProcessEventBus bus = new InProcessEventBus(4, AuditLog.none(),
            new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(30), 3), Clock.systemUTC(), "test");

    @AfterEach
    void close() {
        bus.close();
    }

    private static Published published(String build, int n) {
        return new Published(EventHeader.create(build, "test", Clock.systemUTC()),
                Digest.ofBytes((build + n).getBytes(StandardCharsets.UTF_8)), List.of());
    }

    private static ImageAssembled image(String build, String platform) {
        Descriptor d = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.ofBytes(platform.getBytes(StandardCharsets.UTF_8)), 1);
        return new ImageAssembled(EventHeader.create(build, "test", Clock.systemUTC()), Platform.parse(platform), d, d);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
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
        assertThat(bus.size(Topics.deadLetters(Topics.PUBLISHED))).isEqualTo(1);
        assertThat(bus.size(Topics.IMAGE_ASSEMBLED)).isZero();
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
        assertThat(bus.size(Topics.deadLetters(Topics.PUBLISHED))).isEqualTo(1);
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
        bus.subscribe("images", java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(Topics.IMAGE_ASSEMBLED) + ".*"), 1,
                (e, out) -> seen.add(e));
        bus.publish(image("b-5", "linux/arm64"));
        await("event on a topic created after subscribing", () -> seen.size() == 1);
    }
}
