package dev.stowage.fleet;

import dev.stowage.event.BuildFailed;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.oci.Platform;
import java.util.HashMap;
import java.util.Map;

/** One image build of a fleet rebuild as the tracker has seen it so far (events in any order, repeated). */
final class TrackedBuild {
    BuildRequested request;
    StowageEvent outcome;
    final Map<String, LayerBuilt> layers = new HashMap<>();
    boolean reported;

    void add(StowageEvent e) {
        if (e instanceof BuildRequested r) request = r;
        if (e instanceof LayerBuilt l) layers.put(l.idempotencyKey(), l);
        if ((e instanceof Published || e instanceof BuildFailed) && outcome == null) outcome = e;
    }

    /** Failed, or published with every layer of every platform seen. */
    boolean complete() {
        if (request == null || outcome == null) return false;
        if (outcome instanceof BuildFailed) return true;
        for (var p : request.input().platforms()) {
            Platform platform = p.platform();
            var seen = layers.values().stream().filter(l -> l.platform().equals(platform)).toList();
            if (seen.isEmpty() || seen.size() < seen.get(0).layerCount()) return false;
        }
        return true;
    }

    int built() {
        return (int) layers.values().stream().filter(l -> !l.cached()).count();
    }

    int reused() {
        return (int) layers.values().stream().filter(LayerBuilt::cached).count();
    }

    long bytesBuilt() {
        return layers.values().stream().filter(l -> !l.cached()).mapToLong(l -> l.blob().size()).sum();
    }
}
