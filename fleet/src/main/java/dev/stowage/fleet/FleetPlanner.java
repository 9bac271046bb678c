package dev.stowage.fleet;

import dev.stowage.bus.EventBus;
import dev.stowage.bus.EventHandler;
import dev.stowage.bus.Subscription;
import dev.stowage.error.BadInputException;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.EventHeader;
import dev.stowage.event.FleetRebuildPlanned;
import dev.stowage.event.StorePathsChanged;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.planner.LayerPlanner;
import dev.stowage.spec.BuildInput;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a {@link StorePathsChanged} into one fleet rebuild: the images the reverse index says hold
 * a replaced path, plus the images given new roots, each with its catalog input changed by
 * {@link ChangeApplier}. Every new input is checked (it must plan) before anything is emitted, so
 * a bad change fails as a whole ({@code BuildFailed} for the fleet rebuild id) and rebuilds
 * nothing. Emits {@link FleetRebuildPlanned}, then one {@code BuildRequested} per image with the
 * id {@code <fleet>.<n>}. Images that are not in the catalog are not the fleet's and are skipped.
 */
public final class FleetPlanner implements EventHandler {
    public static final String GROUP = "fleet-planner";
    private final Catalog catalog;
    private final ReverseIndex index;
    private final String producer;
    private final Clock clock;

    public FleetPlanner(Catalog catalog, ReverseIndex index, String producer, Clock clock) {
        this.catalog = catalog;
        this.index = index;
        this.producer = producer;
        this.clock = clock;
    }

    public Subscription subscribe(EventBus bus) {
        return bus.subscribe(GROUP, Topics.exactly(Topics.STORE_PATHS_CHANGED), 1, this);
    }

    @Override
    public void handle(StowageEvent event, Emitter out) throws IOException {
        if (!(event instanceof StorePathsChanged change)) return;
        Set<String> candidates = new TreeSet<>(index.imagesContaining(change.replacements().stream().map(r -> r.from()).toList()));
        change.roots().forEach(r -> candidates.add(r.image()));
        List<CatalogEntry> rebuilt = new ArrayList<>();
        for (String name : candidates) {
            Optional<CatalogEntry> entry = catalog.get(name);
            if (entry.isEmpty()) {
                if (change.roots().stream().anyMatch(r -> r.image().equals(name))) {
                    throw new BadInputException(name, "new roots for an image that is not in the catalog");
                }
                continue;
            }
            ChangeApplier.apply(entry.get().input(), change).ifPresent(input -> rebuilt.add(entry.get().withInput(input)));
        }
        plan(change.buildId(), "change", rebuilt, out);
    }

    /** Emits the fleet rebuild {@code fleetId} of {@code entries} (their inputs as given), after checking that each plans. */
    public void plan(String fleetId, String reason, List<CatalogEntry> entries, Emitter out) {
        for (CatalogEntry e : entries) check(e.input());
        List<FleetRebuildPlanned.PlannedImage> images = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            images.add(new FleetRebuildPlanned.PlannedImage(entries.get(i).name(), FleetIds.imageBuild(fleetId, i)));
        }
        out.emit(new FleetRebuildPlanned(EventHeader.create(fleetId, producer, clock), reason, images));
        for (int i = 0; i < entries.size(); i++) {
            CatalogEntry e = entries.get(i);
            out.emit(new BuildRequested(EventHeader.create(images.get(i).buildId(), producer, clock), e.input(), e.outputs()));
        }
    }

    private static void check(BuildInput input) {
        try {
            LayerPlanner.plan(input);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(input.spec().name(), e.getMessage(), e);
        }
    }
}
