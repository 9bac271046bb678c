package dev.stowage.planner;

import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.spec.BuildInput;
import dev.stowage.spec.ImageSpec;
import dev.stowage.spec.Layering;
import dev.stowage.spec.PlatformInput;
import dev.stowage.spec.PlatformSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plans the layers of every platform of a build. The budget for automatic store layers is
 * {@code maxLayers} minus the customisation layer, the base image's layers and the explicit
 * layers, as dockerTools counts it.
 */
public final class LayerPlanner {
    private static final long MB = 1024L * 1024L;

    private LayerPlanner() {}

    public static List<LayerPlan> plan(BuildInput input) {
        return input.platforms().stream().map(p -> plan(input.spec(), p, p.baseLayers())).toList();
    }

    static LayerPlan plan(ImageSpec spec, PlatformInput p, int baseLayers) {
        List<PlannedLayer> layers = new ArrayList<>();
        if (spec.includeStorePaths()) {
            Set<StorePath> taken = new HashSet<>();
            List<List<PathInfo>> explicit = ExplicitLayers.resolve(p.closure(), platformSpec(spec, p).layers(), taken);
            for (List<PathInfo> l : explicit) layers.add(new PlannedLayer(layers.size(), l));
            boolean rest = taken.size() < p.closure().size();
            int budget = rest ? PopularityLayering.budget(spec.maxLayers(), baseLayers, explicit.size()) : 0;
            List<PlannedLayer> automatic = !rest ? List.of() : spec.layering() == Layering.AUTO
                    ? AutoLayering.group(p.closure(), p.roots(), budget, spec.maxLayerSize() == null ? 0 : spec.maxLayerSize() * MB, taken)
                    : PopularityLayering.group(p.closure(), p.roots(), budget, taken);
            for (PlannedLayer l : automatic) layers.add(new PlannedLayer(layers.size(), l.paths()));
        } else {
            PopularityLayering.budget(spec.maxLayers(), baseLayers);
        }
        return new LayerPlan(p.platform(), spec.maxLayers(), layers, spec.hasCustomisation() || p.customisationTar() != null);
    }

    private static PlatformSpec platformSpec(ImageSpec spec, PlatformInput p) {
        return spec.platforms().stream().filter(s -> s.platform().equals(p.platform())).findFirst().orElseThrow();
    }
}
