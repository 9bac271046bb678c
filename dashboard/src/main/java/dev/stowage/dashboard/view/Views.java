package dev.stowage.dashboard.view;

import dev.stowage.event.FleetImageRebuilt;
import dev.stowage.event.FleetRebuildFinished;
import dev.stowage.event.FleetRebuildPlanned;
import dev.stowage.event.StorePathsChanged;
import dev.stowage.event.StowageEvent;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every build and fleet rebuild seen so far, folded from their events in any order; an event seen
 * twice (its idempotency key) counts once. Thread-safe: a feed thread adds, HTTP threads read.
 */
public final class Views {
    /** What an event changed: a build or a fleet rebuild, by id. */
    public record Change(String kind, String id) {}

    private final Map<String, BuildFold> builds = new LinkedHashMap<>();
    private final Map<String, FleetFold> fleets = new LinkedHashMap<>();
    private final Set<String> seen = new HashSet<>();

    /** Folds one event in; empty when it changes nothing (seen before). */
    public synchronized Optional<Change> add(StowageEvent e) {
        if (!seen.add(e.idempotencyKey())) return Optional.empty();
        if (e instanceof StorePathsChanged || e instanceof FleetRebuildPlanned || e instanceof FleetImageRebuilt || e instanceof FleetRebuildFinished) {
            fleets.computeIfAbsent(e.buildId(), FleetFold::new).add(e);
            return Optional.of(new Change("fleet", e.buildId()));
        }
        builds.computeIfAbsent(e.buildId(), BuildFold::new).add(e);
        return Optional.of(new Change("build", e.buildId()));
    }

    /** Every build without its timeline, the most recently requested first. */
    public synchronized List<BuildView> builds() {
        return builds.values().stream().map(b -> b.view().summary())
                .sorted(Comparator.comparing(BuildView::requested).reversed()).toList();
    }

    public synchronized Optional<BuildView> build(String id) {
        return Optional.ofNullable(builds.get(id)).map(BuildFold::view);
    }

    /** Every fleet rebuild, the most recent first. */
    public synchronized List<FleetRebuildView> fleetRebuilds() {
        return fleets.values().stream().map(FleetFold::view)
                .sorted(Comparator.comparing((FleetRebuildView f) -> f.planned() == null ? Instant.MIN : f.planned()).reversed()).toList();
    }

    /** The build that made the image, manifest or config with this digest ({@code sha256:…}). */
    public synchronized Optional<String> buildOf(String digest) {
        return builds.values().stream().map(BuildFold::view).filter(b -> b.digests().contains(digest)).map(BuildView::id).findFirst();
    }
}
