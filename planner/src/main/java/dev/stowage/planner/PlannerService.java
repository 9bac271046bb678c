package dev.stowage.planner;

import dev.stowage.bus.EventBus;
import dev.stowage.bus.EventHandler;
import dev.stowage.bus.Subscription;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.CustomisationContent;
import dev.stowage.event.EventHeader;
import dev.stowage.event.LayerPath;
import dev.stowage.event.LayerTask;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.metrics.BuildMeters;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Platform;
import dev.stowage.spec.BuildInput;
import dev.stowage.spec.ImageSpec;
import dev.stowage.spec.PlatformInput;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consumes {@code BuildRequested}, emits one {@code LayerTask} per layer per platform. Pure
 * function of the request, so a redelivered request emits the same tasks (same idempotency keys).
 */
public final class PlannerService implements EventHandler {
    public static final String GROUP = "planner";
    private final String producer;
    private final Clock clock;
    private final BuildMeters meters;

    /** Without metrics (a registry nothing reads). */
    public PlannerService(String producer, Clock clock) {
        this(producer, clock, new CompositeMeterRegistry());
    }

    /** Counts each handled request ({@code stowage_builds_requested_total}, {@link BuildMeters}). */
    public PlannerService(String producer, Clock clock, MeterRegistry meters) {
        this.producer = producer;
        this.clock = clock;
        this.meters = new BuildMeters(meters);
    }

    public Subscription subscribe(EventBus bus) {
        return bus.subscribe(GROUP, Topics.exactly(Topics.BUILD_REQUESTED), 1, this);
    }

    @Override
    public void handle(StowageEvent event, Emitter out) {
        if (!(event instanceof BuildRequested request)) return;
        ImageSpec spec = request.input().spec();
        List<LayerTask> tasks = new ArrayList<>();
        for (LayerPlan plan : LayerPlanner.plan(request.input())) {
            int count = plan.layerCount();
            var source = request.input().platform(plan.platform()).source();
            for (PlannedLayer layer : plan.layers()) {
                List<LayerPath> paths = layerPaths(layer.paths());
                tasks.add(new LayerTask(
                        EventHeader.create(request.buildId(), producer, clock),
                        plan.platform(), layer.index(), count,
                        ContentKey.of(spec.storeDir(), spec.mtime(), paths),
                        spec.storeDir(), spec.mtime(), spec.compression(), spec.compressionLevel(), paths, null, source));
            }
            if (plan.customisation()) {
                PlatformInput platform = request.input().platform(plan.platform());
                CustomisationContent content = customisation(spec, platform);
                List<LayerPath> linked = layerPaths(content.copyToRoot().stream().map(platform.closure()::require).toList());
                tasks.add(new LayerTask(
                        EventHeader.create(request.buildId(), producer, clock),
                        plan.platform(), plan.layers().size(), count,
                        ContentKey.ofCustomisation(spec.storeDir(), spec.mtime(), linked, content),
                        spec.storeDir(), spec.mtime(), spec.compression(), spec.compressionLevel(), linked, content, source));
            }
        }
        // largest first, so the layer that takes longest starts first and no worker is left with it
        // at the end (popularity layering puts about half the bytes in the last layer); the
        // assembler orders layers by index, so this order decides no output byte
        tasks.sort(LARGEST_FIRST);
        tasks.forEach(out::emit);
        meters.requested();
    }

    /** Tasks by the NAR bytes they read, largest first; then platform and index, so the order is the same on every delivery. */
    static final Comparator<LayerTask> LARGEST_FIRST = Comparator
            .comparingLong((LayerTask t) -> t.paths().stream().mapToLong(LayerPath::narSize).sum()).reversed()
            .thenComparing(t -> t.platform().toString())
            .thenComparingInt(LayerTask::layerIndex);

    /**
     * The store paths of each layer task {@link #handle} emits for {@code input}, per platform in
     * layer order (the customisation layer's: the paths it links to). What a layer holds without
     * building it.
     */
    public static Map<Platform, List<List<StorePath>>> storePaths(BuildInput input) {
        return storePaths(input, LayerPlanner.plan(input));
    }

    /** The same from {@code plans}, {@link LayerPlanner#plan} of {@code input} already made. */
    public static Map<Platform, List<List<StorePath>>> storePaths(BuildInput input, List<LayerPlan> plans) {
        Map<Platform, List<List<StorePath>>> out = new LinkedHashMap<>();
        for (LayerPlan plan : plans) {
            List<List<StorePath>> layers = new ArrayList<>();
            plan.layers().forEach(l -> layers.add(l.paths().stream().map(PathInfo::path).toList()));
            if (plan.customisation()) {
                PlatformInput platform = input.platform(plan.platform());
                layers.add(customisation(input.spec(), platform).copyToRoot().stream().map(p -> platform.closure().require(p).path()).toList());
            }
            out.put(plan.platform(), List.copyOf(layers));
        }
        return out;
    }

    private static List<LayerPath> layerPaths(List<PathInfo> infos) {
        return infos.stream().map(p -> new LayerPath(p.path(), p.narHash(), p.narSize())).toList();
    }

    static CustomisationContent customisation(ImageSpec spec, PlatformInput platform) {
        List<StorePath> copyToRoot = spec.platforms().stream().filter(p -> p.platform().equals(platform.platform()))
                .findFirst().orElseThrow().copyToRoot();
        List<PathInfo> registered = spec.initializeNixDatabase() ? platform.closure().infos() : List.of();
        return new CustomisationContent(copyToRoot, spec.files(), spec.perms(), spec.fakeNss(), spec.tmpDirs(),
                spec.usrBinEnv(), spec.binSh(), spec.caBundle(), spec.initializeNixDatabase(), registered, platform.customisationTar());
    }
}
