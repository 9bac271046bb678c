package dev.stowage.cli;

import dev.stowage.bus.EventBus;
import dev.stowage.bus.Subscription;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.FleetImageRebuilt;
import dev.stowage.event.FleetRebuildFinished;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Follows one fleet rebuild until it finishes or its change fails, collecting the per-image reports. */
final class FleetWatcher implements AutoCloseable {
    private final FinalEvent outcome = new FinalEvent();
    private final Map<String, FleetImageRebuilt> images = new ConcurrentHashMap<>();
    private final Subscription subscription;

    FleetWatcher(EventBus bus, String fleetId, Consumer<FleetImageRebuilt> onImage) {
        this.subscription = bus.subscribe("watch-" + fleetId, Topics.exactly(Topics.FLEET_REBUILD, Topics.BUILD_FAILED), 1,
                (event, out) -> {
                    if (!event.buildId().equals(fleetId)) return;
                    if (event instanceof FleetImageRebuilt i && images.putIfAbsent(i.imageBuildId(), i) == null) onImage.accept(i);
                    if (event instanceof FleetRebuildFinished || event instanceof BuildFailed) outcome.set(event);
                });
    }

    /** The rebuild's {@code FleetRebuildFinished}, or the {@code BuildFailed} of its change. */
    StowageEvent await(Duration timeout) throws InterruptedException, TimeoutException {
        return outcome.await(timeout);
    }

    List<FleetImageRebuilt> images() {
        return images.values().stream().sorted(Comparator.comparing(FleetImageRebuilt::image)).toList();
    }

    @Override
    public void close() {
        subscription.close();
    }
}
