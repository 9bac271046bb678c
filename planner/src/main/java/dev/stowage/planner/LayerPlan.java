package dev.stowage.planner;

import dev.stowage.oci.Platform;
import java.util.List;

/**
 * The layers of one platform's image, bottom first: explicit layers, then the automatic store
 * layers, then (when {@code customisation}) the customisation layer, whose index is
 * {@code layers().size()}.
 */
public record LayerPlan(Platform platform, int maxLayers, List<PlannedLayer> layers, boolean customisation) {
    public LayerPlan {
        layers = List.copyOf(layers);
    }

    public int layerCount() {
        return layers.size() + (customisation ? 1 : 0);
    }
}
