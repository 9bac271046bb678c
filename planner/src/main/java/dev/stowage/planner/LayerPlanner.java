package dev.stowage.planner;

import dev.stowage.spec.BuildInput;
import dev.stowage.spec.PlatformInput;
import java.util.List;

/** Plans the store layers of every platform of a build. */
public final class LayerPlanner {
    private LayerPlanner() {}

    public static List<LayerPlan> plan(BuildInput input) {
        int budget = PopularityLayering.budget(input.spec().maxLayers(), 0);
        return input.platforms().stream().map(p -> plan(p, input.spec().maxLayers(), budget)).toList();
    }

    static LayerPlan plan(PlatformInput p, int maxLayers, int budget) {
        return new LayerPlan(p.platform(), maxLayers, PopularityLayering.group(p.closure(), p.roots(), budget));
    }
}
