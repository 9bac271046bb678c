package dev.stowage.fleet;

import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.EventBus;
import dev.stowage.bus.EventHandler;
import dev.stowage.bus.Subscription;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import dev.stowage.oci.Platform;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Store path (or its name without hash, e.g. {@code openssl-3.0.13}) → the images and layers that
 * hold it, for the latest published build of every image. Fed by build events in any order and
 * any number of times (every update is idempotent); replayed from the audit log on start in the
 * embedded mode. A build counts once its image name ({@code BuildRequested}) and its
 * {@code Published} are both seen; a later publication of the same image replaces it.
 */
public final class ReverseIndex implements EventHandler {
    public static final String GROUP = "fleet-index";

    /** Image {@code image} (build {@code buildId}) holds {@code path} in layer {@code layerIndex} of {@code platform}. */
    public record Hit(String image, String buildId, Platform platform, int layerIndex, Digest layer, Digest manifest, StorePath path) {}

    private final Map<String, IndexedBuild> builds = new HashMap<>();
    private final Map<String, String> current = new HashMap<>();

    public static ReverseIndex replay(List<AuditEntry> entries) {
        ReverseIndex index = new ReverseIndex();
        for (AuditEntry e : entries) index.apply(e.event());
        return index;
    }

    public Subscription subscribe(EventBus bus) {
        return bus.subscribe(GROUP, Topics.exactly(Topics.BUILD_REQUESTED, Topics.LAYER_BUILT, Topics.IMAGE_ASSEMBLED,
                Topics.PUBLISHED, Topics.BUILD_FAILED), 1, this);
    }

    @Override
    public void handle(StowageEvent event, Emitter out) {
        apply(event);
    }

    public synchronized void apply(StowageEvent event) {
        if (event instanceof BuildFailed f) {
            if (!current.containsValue(f.buildId())) builds.remove(f.buildId());
            return;
        }
        if (!(event instanceof BuildRequested || event instanceof LayerBuilt || event instanceof ImageAssembled || event instanceof Published)) return;
        IndexedBuild b = builds.computeIfAbsent(event.buildId(), id -> new IndexedBuild());
        if (event instanceof BuildRequested r) b.image = r.input().spec().name();
        if (event instanceof LayerBuilt l) b.add(l);
        if (event instanceof ImageAssembled i) b.manifests.put(i.platform(), i.manifest().digest());
        if (event instanceof Published p) b.publishedAt = p.header().occurredAt();
        if (b.complete()) promote(event.buildId(), b);
    }

    private void promote(String buildId, IndexedBuild b) {
        String previous = current.get(b.image);
        if (previous != null && !previous.equals(buildId)) {
            IndexedBuild old = builds.get(previous);
            if (old != null && old.publishedAt.isAfter(b.publishedAt)) {
                builds.remove(buildId);
                return;
            }
            builds.remove(previous);
        }
        current.put(b.image, buildId);
    }

    /** Every layer of a current image build that holds {@code path}. */
    public List<Hit> containing(StorePath path) {
        return hits(path::equals);
    }

    /** Every layer of a current image build that holds a path named {@code name} (e.g. {@code openssl-3.0.13}). */
    public List<Hit> named(String name) {
        return hits(p -> p.name().equals(name));
    }

    /** The images whose current build holds any of {@code paths}. */
    public Set<String> imagesContaining(Collection<StorePath> paths) {
        Set<StorePath> wanted = Set.copyOf(paths);
        Set<String> images = new TreeSet<>();
        for (Hit h : hits(wanted::contains)) images.add(h.image());
        return images;
    }

    private synchronized List<Hit> hits(Predicate<StorePath> match) {
        List<Hit> hits = new ArrayList<>();
        for (Map.Entry<String, String> c : current.entrySet()) {
            IndexedBuild b = builds.get(c.getValue());
            for (IndexedBuild.Layer l : b.layers.values()) {
                for (StorePath p : l.paths()) {
                    if (match.test(p)) hits.add(new Hit(c.getKey(), c.getValue(), l.platform(), l.index(), l.blob(), b.manifests.get(l.platform()), p));
                }
            }
        }
        hits.sort(Comparator.comparing(Hit::image).thenComparing(h -> h.platform().toString()).thenComparingInt(Hit::layerIndex)
                .thenComparing(Hit::path));
        return hits;
    }
}
