package dev.stowage.planner;

import dev.stowage.bus.EventBus;
import dev.stowage.bus.EventHandler;
import dev.stowage.bus.Subscription;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.EventHeader;
import dev.stowage.event.LayerPath;
import dev.stowage.event.LayerTask;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.spec.ImageSpec;
import java.time.Clock;
import java.util.List;

/**
 * Consumes {@code BuildRequested}, emits one {@code LayerTask} per layer per platform. Pure
 * function of the request, so a redelivered request emits the same tasks (same idempotency keys).
 */
public final class PlannerService implements EventHandler {
    public static final String GROUP = "planner";
    private final String producer;
    private final Clock clock;

    public PlannerService(String producer, Clock clock) {
        this.producer = producer;
        this.clock = clock;
    }

    public Subscription subscribe(EventBus bus) {
        return bus.subscribe(GROUP, Topics.exactly(Topics.BUILD_REQUESTED), 1, this);
    }

    @Override
    public void handle(StowageEvent event, Emitter out) {
        if (!(event instanceof BuildRequested request)) return;
        ImageSpec spec = request.input().spec();
        for (LayerPlan plan : LayerPlanner.plan(request.input())) {
            int count = plan.layers().size();
            for (PlannedLayer layer : plan.layers()) {
                List<LayerPath> paths = layer.paths().stream()
                        .map(p -> new LayerPath(p.path(), p.narHash(), p.narSize())).toList();
                out.emit(new LayerTask(
                        EventHeader.create(request.buildId(), producer, clock),
                        plan.platform(), layer.index(), count,
                        ContentKey.of(spec.storeDir(), spec.mtime(), paths),
                        spec.storeDir(), spec.mtime(), spec.compression(), paths));
            }
        }
    }
}
