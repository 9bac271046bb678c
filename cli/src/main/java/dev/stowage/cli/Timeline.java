package dev.stowage.cli;

import dev.stowage.event.BuildFailed;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.FleetImageRebuilt;
import dev.stowage.event.FleetRebuildFinished;
import dev.stowage.event.FleetRebuildPlanned;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.LayerTask;
import dev.stowage.event.Published;
import dev.stowage.event.StorePathsChanged;
import dev.stowage.event.StowageEvent;

/** One human-readable line per event: when, what, who, and the digests involved. */
final class Timeline {
    private Timeline() {}

    static String line(StowageEvent e) {
        return String.format("%s  %-15s %-45s %s", e.header().occurredAt(), e.type(), e.header().producer(), detail(e));
    }

    /** The event's subject and digests, without time and producer. */
    static String detail(StowageEvent e) {
        if (e instanceof BuildRequested r) {
            return r.input().spec().name() + ":" + r.input().tag() + " input " + r.input().digest() + " platforms "
                    + r.input().platforms().stream().map(p -> p.platform().toString()).toList() + " -> " + r.outputs();
        }
        if (e instanceof LayerTask t) {
            return t.platform() + " layer " + (t.layerIndex() + 1) + "/" + t.layerCount() + " " + t.paths().size() + " paths key " + t.contentKey();
        }
        if (e instanceof LayerBuilt l) {
            return l.platform() + " layer " + (l.layerIndex() + 1) + "/" + l.layerCount() + (l.cached() ? " cached " : " built ")
                    + l.blob().digest() + " diffID " + l.diffId();
        }
        if (e instanceof ImageAssembled i) return i.platform() + " manifest " + i.manifest().digest() + " config " + i.config().digest();
        if (e instanceof IndexAssembled i) return "index " + i.index().digest() + " " + i.name() + ":" + i.tag();
        if (e instanceof Published p) return "index " + p.index() + " -> " + p.destinations().stream().map(d -> d.target().toString()).toList();
        if (e instanceof BuildFailed f) return f.stage() + " " + f.kind() + " " + f.message();
        if (e instanceof StorePathsChanged c) {
            return c.replacements().size() + " replacement(s), " + c.roots().size() + " new root set(s) from " + c.source();
        }
        if (e instanceof FleetRebuildPlanned p) return p.reason() + ": " + p.images().size() + " image(s)";
        if (e instanceof FleetImageRebuilt r) return FleetRunner.line(r).strip();
        if (e instanceof FleetRebuildFinished f) return FleetRunner.summary(f.buildId(), f);
        return "";
    }
}
