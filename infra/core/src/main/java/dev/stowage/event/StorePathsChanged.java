package dev.stowage.event;

import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Platform;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Store paths of the fleet changed (a security fix, a channel bump, a Hydra build): every
 * {@code replacements} entry swaps a path for another in every image that contains it, every
 * {@code roots} entry gives one image new roots. {@code closure} is the path info of the new paths
 * and everything they reference ({@code nix path-info --json -r NEW…}): the new closures are
 * computed from it, no stage reads the user's files. The header's build id is the id of the fleet
 * rebuild this change starts; {@code source} says who sent it (never credentials).
 */
public record StorePathsChanged(EventHeader header, List<Replacement> replacements, List<NewRoots> roots,
        List<PathInfo> closure, String source) implements StowageEvent {

    /** {@code from} is replaced by {@code to}. */
    public record Replacement(StorePath from, StorePath to) {
        public Replacement {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (from.equals(to)) throw new IllegalArgumentException("replacement of " + from + " by itself");
            if (!from.storeDir().equals(to.storeDir())) {
                throw new IllegalArgumentException("replacement " + from + " -> " + to + " crosses store directories");
            }
        }
    }

    /** Image {@code image} gets {@code roots} on {@code platform} (null: the image's only platform). */
    public record NewRoots(String image, Platform platform, List<StorePath> roots) {
        public NewRoots {
            if (image == null || image.isBlank()) throw new IllegalArgumentException("new roots need an image name");
            roots = List.copyOf(roots);
            if (roots.isEmpty()) throw new IllegalArgumentException("new roots for " + image + " are empty");
        }
    }

    public StorePathsChanged {
        Objects.requireNonNull(header, "header");
        replacements = List.copyOf(replacements);
        roots = List.copyOf(roots);
        closure = List.copyOf(closure);
        if (replacements.isEmpty() && roots.isEmpty()) throw new IllegalArgumentException("a change needs at least one replacement or new root");
        ClosureGraph graph = ClosureGraph.of(closure);
        Set<StorePath> from = new HashSet<>();
        for (Replacement r : replacements) {
            if (!from.add(r.from())) throw new IllegalArgumentException(r.from() + " is replaced twice");
            if (!graph.contains(r.to())) throw new IllegalArgumentException("the closure lacks the new path " + r.to());
        }
        for (NewRoots n : roots) {
            for (StorePath p : n.roots()) {
                if (!graph.contains(p)) throw new IllegalArgumentException("the closure lacks the new root " + p + " of " + n.image());
            }
        }
    }

    /** The new paths' closure as a graph. */
    public ClosureGraph closureGraph() {
        return ClosureGraph.of(closure);
    }

    @Override
    public String partitionKey() {
        return buildId();
    }

    @Override
    public String idempotencyKey() {
        return "store-paths-changed/" + buildId();
    }
}
