package dev.stowage.planner;

import dev.stowage.oci.Platform;
import java.util.List;

/** The store layers of one platform's image, bottom first. */
public record LayerPlan(Platform platform, int maxLayers, List<PlannedLayer> layers) {
    public LayerPlan {
        layers = List.copyOf(layers);
    }
}
