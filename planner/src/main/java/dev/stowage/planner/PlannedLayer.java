package dev.stowage.planner;

import dev.stowage.nix.PathInfo;
import java.util.List;

/** One store layer of a plan: its paths in popularity order. */
public record PlannedLayer(int index, List<PathInfo> paths) {
    public PlannedLayer {
        paths = List.copyOf(paths);
    }

    public long narBytes() {
        return paths.stream().mapToLong(PathInfo::narSize).sum();
    }
}
