package dev.stowage.dashboard.view;

import dev.stowage.event.BuildFailed;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.LayerTask;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The events of one build so far, folded into its {@link BuildView}. Not thread-safe: {@link Views} guards it. */
final class BuildFold {
    private final String id;
    private BuildRequested requested;
    private final Map<String, LayerTask> tasks = new TreeMap<>();
    private final Map<String, LayerBuilt> built = new TreeMap<>();
    private final Map<String, ImageAssembled> images = new TreeMap<>();
    private IndexAssembled index;
    private Published published;
    private BuildFailed failed;
    private Instant first;

    BuildFold(String id) {
        this.id = id;
    }

    void add(StowageEvent e) {
        Instant at = e.header().occurredAt();
        if (first == null || at.isBefore(first)) first = at;
        if (e instanceof BuildRequested r) requested = r;
        else if (e instanceof LayerTask t) tasks.put(key(t.platform().toString(), t.layerIndex()), t);
        else if (e instanceof LayerBuilt b) built.put(key(b.platform().toString(), b.layerIndex()), b);
        else if (e instanceof ImageAssembled a) images.put(a.platform().toString(), a);
        else if (e instanceof IndexAssembled i) index = i;
        else if (e instanceof Published p) published = p;
        else if (e instanceof BuildFailed f && failed == null) failed = f;
    }

    /** Sorts by platform, then layer index. */
    private static String key(String platform, int layer) {
        return platform + "/" + String.format("%06d", layer);
    }

    BuildView view() {
        Instant start = requested != null ? requested.header().occurredAt() : first;
        Instant end = failed != null ? failed.header().occurredAt() : published != null ? published.header().occurredAt() : null;
        String state = failed != null ? "failed" : published != null ? "published" : "running";
        List<String> digests = new ArrayList<>();
        if (index != null) digests.add(index.index().digest().toString());
        images.values().forEach(a -> {
            digests.add(a.manifest().digest().toString());
            digests.add(a.config().digest().toString());
        });
        return new BuildView(id, state, image(), platforms(), start, end, end == null ? null : Duration.between(start, end).toMillis(),
                failed == null ? null : failure(failed), index == null ? null : index.index().digest().toString(),
                published == null ? List.of() : published.destinations().stream().map(d -> d.target().toString()).toList(),
                layers(), steps(), index == null ? List.of()
                        : index.referrers().stream().map(r -> ArtifactView.of(r.artifactType(), r.digest().toString())).toList(),
                digests);
    }

    private String image() {
        if (index != null) return index.name() + ":" + index.tag();
        if (requested != null) return requested.input().spec().name() + ":" + requested.input().tag();
        return "";
    }

    private List<String> platforms() {
        if (requested != null) return requested.input().platforms().stream().map(p -> p.platform().toString()).toList();
        return images.keySet().stream().toList();
    }

    private static String failure(BuildFailed f) {
        return f.stage() + " (" + f.kind() + (f.input().isEmpty() ? "" : ", " + f.input()) + "): " + f.message();
    }

    private List<LayerTaskView> layers() {
        List<LayerTaskView> views = new ArrayList<>();
        built.forEach((key, b) -> {
            LayerTask task = tasks.get(key);
            Instant end = b.header().occurredAt();
            Instant start = b.startedAt() != null ? b.startedAt() : task != null ? task.header().occurredAt() : end;
            views.add(new LayerTaskView(b.platform().toString(), b.layerIndex(), b.layerCount(), b.header().producer(), start, end,
                    b.cached(), b.customisation(), b.blob().size(), b.blob().digest().toString()));
        });
        tasks.forEach((key, t) -> {
            if (!built.containsKey(key)) {
                views.add(new LayerTaskView(t.platform().toString(), t.layerIndex(), t.layerCount(), null, t.header().occurredAt(), null,
                        false, t.customisation() != null, 0, null));
            }
        });
        views.sort(Comparator.comparing(LayerTaskView::platform).thenComparing(LayerTaskView::layerIndex));
        return views;
    }

    private List<StepView> steps() {
        List<StepView> steps = new ArrayList<>();
        images.values().forEach(a -> steps.add(new StepView("image", "assembler", a.header().producer(), a.platform().toString(),
                a.header().occurredAt(), a.manifest().digest().toString())));
        if (index != null) {
            steps.add(new StepView("index", "assembler", index.header().producer(), null, index.header().occurredAt(), index.index().digest().toString()));
        }
        if (published != null) {
            steps.add(new StepView("published", "publisher", published.header().producer(), null, published.header().occurredAt(),
                    String.join(", ", published.destinations().stream().map(d -> d.target().toString()).toList())));
        }
        if (failed != null) {
            steps.add(new StepView("failed", failed.stage(), failed.header().producer(), null, failed.header().occurredAt(), failed.message()));
        }
        steps.sort(Comparator.comparing(StepView::at));
        return steps;
    }
}
