package dev.stowage.cli;

import dev.stowage.bus.EventBus;
import dev.stowage.bus.Subscription;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.oci.Platform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Follows one build's events until it is published or fails, collecting what the result reports. */
final class BuildWatcher implements AutoCloseable {
    private final String buildId;
    private final FinalEvent outcome = new FinalEvent();
    private final Map<String, LayerBuilt> layers = new ConcurrentHashMap<>();
    private final Map<String, ImageAssembled> images = new ConcurrentHashMap<>();
    private final Subscription subscription;
    private final CountDownLatch taken = new CountDownLatch(1);

    BuildWatcher(EventBus bus, String buildId, Consumer<LayerBuilt> onLayer) {
        this(bus, buildId, List.of(), onLayer);
    }

    /** Also watches the layer-task topics of {@code platforms}, to tell when a planner has taken the build ({@link #awaitTaken}). */
    BuildWatcher(EventBus bus, String buildId, List<Platform> platforms, Consumer<LayerBuilt> onLayer) {
        this.buildId = buildId;
        List<String> topics = new ArrayList<>(List.of(Topics.LAYER_BUILT, Topics.IMAGE_ASSEMBLED, Topics.PUBLISHED, Topics.BUILD_FAILED));
        platforms.forEach(p -> topics.add(Topics.layerTasks(p)));
        this.subscription = bus.subscribe("watch-" + buildId, Topics.exactly(topics.toArray(String[]::new)), 1,
                (event, out) -> {
                    if (!event.buildId().equals(buildId)) return;
                    taken.countDown();
                    if (event instanceof LayerBuilt l && layers.putIfAbsent(l.idempotencyKey(), l) == null) onLayer.accept(l);
                    if (event instanceof ImageAssembled i) images.putIfAbsent(i.idempotencyKey(), i);
                    if (event instanceof Published || event instanceof BuildFailed) outcome.set(event);
                });
    }

    /** Whether a stage has acted on the build (a layer task, a layer, an image, the outcome) within {@code timeout}. */
    boolean awaitTaken(Duration timeout) throws InterruptedException {
        return taken.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The build's {@code Published} or {@code BuildFailed}. */
    StowageEvent await(Duration timeout) throws InterruptedException, TimeoutException {
        return outcome.await(timeout);
    }

    List<LayerBuilt> layers() {
        return List.copyOf(layers.values());
    }

    List<ImageAssembled> images() {
        return List.copyOf(images.values());
    }

    String buildId() {
        return buildId;
    }

    @Override
    public void close() {
        subscription.close();
    }
}
