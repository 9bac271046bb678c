package dev.stowage.cli;

import dev.stowage.bus.EventBus;
import dev.stowage.bus.Subscription;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Follows one build's events until it is published or fails, collecting what the result reports. */
final class BuildWatcher implements AutoCloseable {
    private final String buildId;
    private final FinalEvent outcome = new FinalEvent();
    private final Map<String, LayerBuilt> layers = new ConcurrentHashMap<>();
    private final Map<String, ImageAssembled> images = new ConcurrentHashMap<>();
    private final Subscription subscription;

    BuildWatcher(EventBus bus, String buildId, Consumer<LayerBuilt> onLayer) {
        this.buildId = buildId;
        this.subscription = bus.subscribe("watch-" + buildId,
                Topics.exactly(Topics.LAYER_BUILT, Topics.IMAGE_ASSEMBLED, Topics.PUBLISHED, Topics.BUILD_FAILED), 1,
                (event, out) -> {
                    if (!event.buildId().equals(buildId)) return;
                    if (event instanceof LayerBuilt l && layers.putIfAbsent(l.idempotencyKey(), l) == null) onLayer.accept(l);
                    if (event instanceof ImageAssembled i) images.putIfAbsent(i.idempotencyKey(), i);
                    if (event instanceof Published || event instanceof BuildFailed) outcome.set(event);
                });
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
