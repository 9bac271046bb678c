package dev.stowage.fleet;

import dev.stowage.error.BadInputException;
import dev.stowage.event.StorePathsChanged;
import dev.stowage.event.StorePathsChanged.NewRoots;
import dev.stowage.json.Json;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.spec.BuildInput;
import dev.stowage.spec.ImageSpec;
import dev.stowage.spec.PlatformInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image's input after a change. Per platform: the roots are mapped through the replacements
 * (or set to the image's new roots), and the new closure is what those roots reach in the old
 * closure plus the change's closure (its path info wins). A replaced path that is still reached
 * (an unreplaced path references it) is bad input: its dependents must be replaced too, as a Nix
 * rebuild would give them new paths. Store paths in the spec (Cmd, Env, copyToRoot, …) are
 * rewritten like Nix rewrites hashes: every occurrence of the old base name becomes the new one.
 */
public final class ChangeApplier {
    private ChangeApplier() {}

    /** The new input, or empty when the change does not touch this image. */
    public static Optional<BuildInput> apply(BuildInput input, StorePathsChanged change) {
        Map<StorePath, StorePath> replace = new HashMap<>();
        change.replacements().forEach(r -> replace.put(r.from(), r.to()));
        String image = input.spec().name();
        ClosureGraph supplied = change.closureGraph();
        List<PlatformInput> platforms = new ArrayList<>();
        boolean changed = false;
        for (PlatformInput p : input.platforms()) {
            List<StorePath> newRoots = newRoots(input, p, change);
            boolean touched = newRoots != null || p.closure().paths().stream().anyMatch(replace::containsKey);
            if (!touched) {
                platforms.add(p);
                continue;
            }
            List<StorePath> roots = newRoots != null ? newRoots : p.roots().stream().map(r -> replace.getOrDefault(r, r)).toList();
            ClosureGraph closure = newClosure(image, p.closure(), supplied, roots, replace);
            changed |= !closure.equals(p.closure()) || !roots.stream().sorted().toList().equals(p.roots());
            platforms.add(new PlatformInput(p.platform(), roots, closure, p.base(), p.source(), p.customisationTar()));
        }
        if (!changed) return Optional.empty();
        return Optional.of(new BuildInput(rewrite(input.spec(), replace), platforms));
    }

    private static List<StorePath> newRoots(BuildInput input, PlatformInput p, StorePathsChanged change) {
        String image = input.spec().name();
        for (NewRoots n : change.roots()) {
            if (!n.image().equals(image)) continue;
            if (n.platform() == null && input.platforms().size() > 1) {
                throw new BadInputException("roots of " + image, "the image has several platforms " + input.platforms().stream()
                        .map(x -> x.platform().toString()).toList() + "; say which one gets the new roots");
            }
            if (n.platform() != null && input.platforms().stream().noneMatch(x -> x.platform().equals(n.platform()))) {
                throw new BadInputException("roots of " + image, "the image has no platform " + n.platform());
            }
            if (n.platform() == null || n.platform().equals(p.platform())) return n.roots();
        }
        return null;
    }

    private static ClosureGraph newClosure(String image, ClosureGraph old, ClosureGraph supplied, List<StorePath> roots,
            Map<StorePath, StorePath> replace) {
        Map<StorePath, PathInfo> union = new HashMap<>(old.asMap());
        union.putAll(supplied.asMap());
        ClosureGraph closure;
        try {
            closure = ClosureGraph.of(union.values()).closureOf(roots);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("change of " + image, e.getMessage(), e);
        }
        for (PathInfo info : closure.infos()) {
            for (StorePath ref : info.references()) {
                if (replace.containsKey(ref)) {
                    throw new BadInputException(ref.toString(), "is replaced, but " + info.path() + " in image " + image
                            + " still references it: replace " + info.path() + " too, or give the image new roots");
                }
            }
        }
        for (StorePath from : replace.keySet()) {
            if (closure.contains(from)) throw new BadInputException(from.toString(), "is replaced, but the new roots of " + image + " still reach it");
        }
        return closure;
    }

    private static ImageSpec rewrite(ImageSpec spec, Map<StorePath, StorePath> replace) {
        String json = Json.canonicalString(spec);
        for (Map.Entry<StorePath, StorePath> r : replace.entrySet()) {
            json = json.replace(r.getKey().baseName(), r.getValue().baseName());
        }
        try {
            return Json.reader().readValue(json, ImageSpec.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
