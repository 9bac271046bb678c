package dev.stowage.dashboard.view;

import dev.stowage.event.FleetImageRebuilt;
import dev.stowage.event.FleetRebuildFinished;
import dev.stowage.event.FleetRebuildPlanned;
import dev.stowage.event.StorePathsChanged;
import dev.stowage.event.StowageEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The events of one fleet rebuild so far, folded into its {@link FleetRebuildView}. Not thread-safe: {@link Views} guards it. */
final class FleetFold {
    private final String id;
    private StorePathsChanged change;
    private FleetRebuildPlanned planned;
    private final Map<String, FleetImageRebuilt> rebuilt = new LinkedHashMap<>();
    private FleetRebuildFinished finished;

    FleetFold(String id) {
        this.id = id;
    }

    void add(StowageEvent e) {
        if (e instanceof StorePathsChanged c) change = c;
        else if (e instanceof FleetRebuildPlanned p) planned = p;
        else if (e instanceof FleetImageRebuilt r) rebuilt.put(r.imageBuildId(), r);
        else if (e instanceof FleetRebuildFinished f) finished = f;
    }

    FleetRebuildView view() {
        List<FleetRebuildView.Image> images = new ArrayList<>();
        if (planned != null) {
            planned.images().forEach(p -> images.add(image(p.image(), p.buildId(), rebuilt.get(p.buildId()))));
        }
        rebuilt.values().stream().filter(r -> planned == null || planned.images().stream().noneMatch(p -> p.buildId().equals(r.imageBuildId())))
                .forEach(r -> images.add(image(r.image(), r.imageBuildId(), r)));
        return new FleetRebuildView(id, planned == null ? "" : planned.reason(), finished != null ? "finished" : "running",
                planned == null ? null : planned.header().occurredAt(), finished == null ? null : finished.header().occurredAt(),
                changes(), change == null ? null : change.source(), images);
    }

    private List<String> changes() {
        List<String> lines = new ArrayList<>();
        if (change == null) return lines;
        change.replacements().forEach(r -> lines.add(r.from() + " -> " + r.to()));
        change.roots().forEach(r -> lines.add(r.image() + (r.platform() == null ? "" : " " + r.platform()) + ": new roots "
                + String.join(" ", r.roots().stream().map(Object::toString).toList())));
        return lines;
    }

    private static FleetRebuildView.Image image(String image, String buildId, FleetImageRebuilt r) {
        if (r == null) return new FleetRebuildView.Image(image, buildId, "planned", 0, 0, 0, null, null);
        String outcome = r.failure() != null ? "failed" : r.republished() ? "republished" : "unchanged";
        return new FleetRebuildView.Image(image, buildId, outcome, r.layersBuilt(), r.layersReused(), r.bytesBuilt(),
                r.index() == null ? null : r.index().toString(), r.failure());
    }
}
