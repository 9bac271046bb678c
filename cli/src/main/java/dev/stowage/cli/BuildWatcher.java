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
import dev.stowage.planner.LayerPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Follows one build's events until it is published or fails, collecting what the result reports. */
final class BuildWatcher implements AutoCloseable {
    /** How long the details of a published build may trail its outcome (they are already on the bus). */
    private static final Duration DETAILS = Duration.ofSeconds(30);
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
                    synchronized (this) {
                        notifyAll();
                    }
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

    /**
     * As {@link #await(Duration)}; after a {@code Published}, also waits until the image of each
     * platform of {@code layerTasks} (the number of layer tasks its plan has) and each of those
     * layers have been seen. They were published before the outcome, but on other topics, so they
     * can be delivered after it, and a result made from {@link #images()} and {@link #layers()} at
     * once would lack them.
     */
    StowageEvent await(Duration timeout, Map<Platform, Integer> layerTasks) throws InterruptedException, TimeoutException {
        StowageEvent e = outcome.await(timeout);
        if (e instanceof Published) awaitDetails(layerTasks);
        return e;
    }

    /** The number of layer tasks (store layers and the customisation layer) each platform's plan has. */
    static Map<Platform, Integer> layerTasks(List<LayerPlan> plans) {
        Map<Platform, Integer> tasks = new LinkedHashMap<>();
        for (LayerPlan p : plans) tasks.put(p.platform(), p.layerCount());
        return tasks;
    }

    private synchronized void awaitDetails(Map<Platform, Integer> layerTasks) throws InterruptedException {
        long deadline = System.nanoTime() + DETAILS.toNanos();
        while (!detailsSeen(layerTasks)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return; // report what arrived rather than nothing
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    private boolean detailsSeen(Map<Platform, Integer> layerTasks) {
        for (Map.Entry<Platform, Integer> platform : layerTasks.entrySet()) {
            if (images.values().stream().noneMatch(i -> i.platform().equals(platform.getKey()))) return false;
            long seen = layers.values().stream().filter(l -> l.platform().equals(platform.getKey())).map(LayerBuilt::layerIndex).distinct().count();
            if (seen < platform.getValue()) return false;
        }
        return true;
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
