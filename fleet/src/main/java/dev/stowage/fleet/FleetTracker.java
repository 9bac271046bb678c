package dev.stowage.fleet;

import dev.stowage.bus.EventBus;
import dev.stowage.bus.EventHandler;
import dev.stowage.bus.Subscription;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.EventHeader;
import dev.stowage.event.FleetImageRebuilt;
import dev.stowage.event.FleetRebuildFinished;
import dev.stowage.event.FleetRebuildPlanned;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows fleet rebuilds: for every image build ({@code <fleet>.<n>}) it counts the layers built
 * and reused, and when the build is published (every layer seen) or failed emits
 * {@link FleetImageRebuilt}; a published image's new input goes into the catalog first. When every
 * planned image is reported it emits {@link FleetRebuildFinished}. Events may come in any order;
 * each report is emitted once per tracker (and carries an idempotency key for redeliveries).
 * State is in memory: a fleet rebuild is followed by the process that started it, or by a service
 * that {@linkplain #restore restored} the state from the topics when it started.
 */
public final class FleetTracker implements EventHandler {
    public static final String GROUP = "fleet-tracker";
    private final Catalog catalog;
    private final String producer;
    private final Clock clock;
    private final Map<String, TrackedBuild> builds = new HashMap<>();
    private final Map<String, FleetRebuildPlanned> plans = new HashMap<>();
    private final Map<String, List<FleetImageRebuilt>> reports = new HashMap<>();
    private final Set<String> finished = new HashSet<>();

    public FleetTracker(Catalog catalog, String producer, Clock clock) {
        this.catalog = catalog;
        this.producer = producer;
        this.clock = clock;
    }

    public Subscription subscribe(EventBus bus) {
        return bus.subscribe(GROUP, Topics.exactly(Topics.FLEET_REBUILD, Topics.BUILD_REQUESTED, Topics.LAYER_BUILT,
                Topics.PUBLISHED, Topics.BUILD_FAILED), 1, this);
    }

    /**
     * Takes the state of a tracker that handled {@code history} (the topics read from the beginning
     * when a service starts) without emitting or writing the catalog: the reports and totals in the
     * history mark what was reported. An image build that is complete in the history but has no
     * report there (its tracker stopped before the report was committed) is reported when one of its
     * events is delivered again, as the uncommitted event is.
     */
    public synchronized void restore(List<StowageEvent> history) {
        for (StowageEvent e : history) {
            if (e instanceof FleetRebuildPlanned p) {
                plans.putIfAbsent(p.buildId(), p);
            } else if (e instanceof FleetImageRebuilt r) {
                TrackedBuild b = builds.computeIfAbsent(r.imageBuildId(), id -> new TrackedBuild());
                if (!b.reported) reports.computeIfAbsent(r.buildId(), f -> new ArrayList<>()).add(r);
                b.reported = true;
            } else if (e instanceof FleetRebuildFinished f) {
                finished.add(f.buildId());
            } else if (FleetIds.fleetOf(e.buildId()).isPresent()) {
                builds.computeIfAbsent(e.buildId(), id -> new TrackedBuild()).add(e);
            }
        }
    }

    @Override
    public synchronized void handle(StowageEvent event, Emitter out) throws IOException {
        if (event instanceof FleetRebuildPlanned p) {
            plans.putIfAbsent(p.buildId(), p);
            finishIfDone(p.buildId(), out);
            return;
        }
        Optional<String> fleet = FleetIds.fleetOf(event.buildId());
        if (fleet.isEmpty()) return;
        TrackedBuild b = builds.computeIfAbsent(event.buildId(), id -> new TrackedBuild());
        b.add(event);
        if (b.reported || !b.complete()) return;
        b.reported = true;
        FleetImageRebuilt report = report(fleet.get(), event.buildId(), b);
        reports.computeIfAbsent(fleet.get(), f -> new ArrayList<>()).add(report);
        out.emit(report);
        finishIfDone(fleet.get(), out);
    }

    private FleetImageRebuilt report(String fleetId, String buildId, TrackedBuild b) throws IOException {
        var input = b.request.input();
        EventHeader header = EventHeader.create(fleetId, producer, clock);
        if (b.outcome instanceof BuildFailed f) {
            return new FleetImageRebuilt(header, input.spec().name(), buildId, b.built(), b.reused(), b.bytesBuilt(), false, null, f.message());
        }
        Optional<CatalogEntry> entry = catalog.get(input.spec().name());
        if (entry.isPresent()) catalog.put(entry.get().withInput(input));
        return new FleetImageRebuilt(header, input.spec().name(), buildId, b.built(), b.reused(), b.bytesBuilt(), true,
                ((Published) b.outcome).index(), null);
    }

    private void finishIfDone(String fleetId, Emitter out) {
        FleetRebuildPlanned plan = plans.get(fleetId);
        List<FleetImageRebuilt> done = reports.getOrDefault(fleetId, List.of());
        if (plan == null || done.size() < plan.images().size() || !finished.add(fleetId)) return;
        out.emit(new FleetRebuildFinished(EventHeader.create(fleetId, producer, clock), done.size(),
                (int) done.stream().filter(FleetImageRebuilt::republished).count(),
                (int) done.stream().filter(r -> !r.republished()).count(),
                done.stream().mapToInt(FleetImageRebuilt::layersBuilt).sum(),
                done.stream().mapToInt(FleetImageRebuilt::layersReused).sum(),
                done.stream().mapToLong(FleetImageRebuilt::bytesBuilt).sum()));
    }
}
