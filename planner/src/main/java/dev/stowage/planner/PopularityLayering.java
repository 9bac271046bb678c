package dev.stowage.planner;

import dev.stowage.error.BadInputException;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * nixpkgs' {@code streamLayeredImage} grouping: with a budget of
 * {@code maxLayers - 1 (customisation layer) - base layers} store layers, the {@code budget - 1}
 * most popular paths get a layer each and every other path goes into one last layer.
 */
public final class PopularityLayering {
    private PopularityLayering() {}

    public static int budget(int maxLayers, int baseLayers) {
        return budget(maxLayers, baseLayers, 0);
    }

    /** The store-layer budget after base layers, explicit layers and the customisation layer. */
    public static int budget(int maxLayers, int baseLayers, int explicitLayers) {
        if (maxLayers < 2) {
            throw new BadInputException("maxLayers", "must be at least 2 (one store layer and the customisation layer), got " + maxLayers);
        }
        int budget = maxLayers - 1 - baseLayers - explicitLayers;
        if (budget < 1) {
            throw new BadInputException("maxLayers", "maxLayers " + maxLayers + " leaves no room for store paths after "
                    + baseLayers + " base layer(s), " + explicitLayers + " explicit layer(s) and the customisation layer");
        }
        return budget;
    }

    public static List<PlannedLayer> group(ClosureGraph graph, Collection<StorePath> roots, int budget) {
        return group(graph, roots, budget, Set.of());
    }

    /** As nixpkgs, over the paths not in {@code exclude} (those already in explicit layers). */
    public static List<PlannedLayer> group(ClosureGraph graph, Collection<StorePath> roots, int budget, Set<StorePath> exclude) {
        List<StorePath> order = Popularity.order(graph, roots).stream().filter(p -> !exclude.contains(p)).toList();
        List<PlannedLayer> layers = new ArrayList<>();
        int singles = Math.min(order.size(), budget - 1);
        for (int i = 0; i < singles; i++) {
            layers.add(new PlannedLayer(i, List.of(graph.require(order.get(i)))));
        }
        if (order.size() > singles) {
            List<PathInfo> rest = order.subList(singles, order.size()).stream().map(graph::require).toList();
            layers.add(new PlannedLayer(singles, rest));
        }
        return layers;
    }
}
