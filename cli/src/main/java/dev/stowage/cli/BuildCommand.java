package dev.stowage.cli;

import dev.stowage.assembler.AssemblerService;
import dev.stowage.assembler.finished.FinishedImage;
import dev.stowage.assembler.finished.FinishedImages;
import dev.stowage.assembler.provenance.ProvenanceTimes;
import dev.stowage.blob.BlobStore;
import dev.stowage.blob.s3.S3BlobStore;
import dev.stowage.bus.Failures;
import dev.stowage.bus.InProcessEventBus;
import dev.stowage.bus.JsonlAuditLog;
import dev.stowage.bus.ProducerId;
import dev.stowage.bus.RetryPolicy;
import dev.stowage.error.BadInputException;
import dev.stowage.error.TransientException;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.BuildIds;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.EventHeader;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.Platform;
import dev.stowage.planner.LayerPlan;
import dev.stowage.planner.LayerPlanner;
import dev.stowage.planner.PlannerService;
import dev.stowage.registry.CredentialResolver;
import dev.stowage.registry.RegistryAccess;
import dev.stowage.spec.BuildInput;
import dev.stowage.worker.LocalStoreContents;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code stowage build SPEC --out …}: runs planner, workers, assembler and publisher in this process. */
@Command(name = "build", description = "Build an image from a spec and write it to one or more outputs.")
final class BuildCommand implements Callable<Integer> {
    @Mixin InputOptions inputs;
    @Option(names = "--store-root", paramLabel = "DIR", description = "store files live at DIR + storeDir (default /)") Path storeRoot = Path.of("/");
    @Option(names = "--blob-store", paramLabel = "URL", description = "blob store and layer cache: DIR, file:DIR or s3://bucket/prefix?endpoint=…&region=… (default ~/.cache/stowage/blobs)") String blobStore;
    @Option(names = "--audit-log", paramLabel = "FILE", description = "JSONL log of every event (default ~/.cache/stowage/audit.jsonl)") Path auditLog;
    @Option(names = "--workers", paramLabel = "N", description = "layer worker threads (default: number of CPUs)") int workers = Runtime.getRuntime().availableProcessors();
    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "the platform written to a docker-archive when the image has several") String platform;
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "give up after this long (default 3600)") long timeoutSeconds = 3600;
    @Option(names = "--outage-timeout", paramLabel = "SECONDS", description = "how long a stage keeps retrying an unavailable blob store or registry before the build fails (default 600)") long outageSeconds = 600;
    @Option(names = "--unreachable-timeout", paramLabel = "SECONDS", description = "how long to keep retrying a registry or blob store that refuses connections (nothing listens) before the build fails (default 15)") long unreachableSeconds = 15;
    @Option(names = "--json", description = "print the result as JSON on stdout") boolean json;
    @Option(names = "--metrics-port", paramLabel = "N", description = "serve the build's metrics at http://127.0.0.1:N/metrics while it runs (Prometheus format; 0 picks a free port, printed)") Integer metricsPort;
    @Option(names = "--provenance-times", paramLabel = "MODE", converter = ProvenanceTimesConverter.class,
            description = "reproducible (default: the spec's created, or SOURCE_DATE_EPOCH; no build id or worker names) or wall-clock (the build's real times, id and workers)")
    ProvenanceTimes.Mode provenanceTimes = ProvenanceTimes.Mode.REPRODUCIBLE;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    /** The resolved input and what the command line adds to it. */
    private record Resolved(BuildInput input, Platform archivePlatform) {}

    @Override
    public Integer call() throws Exception {
        if (workers < 1) throw new BadInputException("--workers", "must be at least 1");
        if (outageSeconds < 0) throw new BadInputException("--outage-timeout", "must not be negative");
        if (unreachableSeconds < 0) throw new BadInputException("--unreachable-timeout", "must not be negative");
        if (timeoutSeconds < 1) throw new BadInputException("--timeout", "must be at least 1");
        boolean toStdout = StdoutOutput.check(inputs.outputs, json);
        ProcessContext process = ProcessContext.of(command);
        ProvenanceTimes times = provenanceTimes(process.environment().variable("SOURCE_DATE_EPOCH").orElse(null));
        Clock clock = Clock.systemUTC();
        String buildId = BuildIds.random();
        Path audit = auditLog != null ? auditLog : process.defaults().auditLog();
        Duration outage = Duration.ofSeconds(outageSeconds);
        Duration unreachable = Duration.ofSeconds(Math.min(unreachableSeconds, outageSeconds));
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) throw new BadInputException("--metrics-port", "must be 0-65535, got " + metricsPort);
        try (MetricsEndpoint metrics = MetricsEndpoint.open(process.vertx(), metricsPort, command.commandLine().getErr());
                // an S3 call retries no longer than the build may wait for an outage as a whole
                BlobStore store = MeteredStores.open(process.defaults(), blobStore, metrics.registry(),
                        outage.compareTo(S3BlobStore.DEFAULT_RETRY_WINDOW) < 0 ? outage : S3BlobStore.DEFAULT_RETRY_WINDOW);
                InProcessEventBus bus = new InProcessEventBus(8, new JsonlAuditLog(audit),
                        RetryPolicy.defaults().withTransientTimeout(outage).withUnreachableTimeout(unreachable), clock, "stowage-embedded",
                        new RetryNotices(command.commandLine().getErr(), unreachable, outage))) {
            CredentialResolver credentials = InputOptions.orBuildFailed(bus, buildId, clock, () -> inputs.credentials(process.environment()));
            Connections connections = process.connections(credentials, inputs.registry().settings());
            Resolved r = InputOptions.orBuildFailed(bus, buildId, clock, () -> {
                LocalOutputs.check(inputs.outputs);
                BuildInput input = inputs.load(store, connections, storeRoot);
                return new Resolved(input, archivePlatform(input));
            });
            Stages.Options options = new Stages.Options(new LocalStoreContents(storeRoot), workers, null, r.archivePlatform(), clock,
                    connections, times, toStdout ? StdoutOutput.stream() : null);
            BuildRequested request = new BuildRequested(EventHeader.create(buildId, ProducerId.of("stowage-cli"), clock), r.input(), inputs.outputs);
            FinishedImages finishedImages = new FinishedImages(store, AssemblerService.VERSION);
            Optional<FinishedImage> finished = finishedImages.key(r.input(), times).flatMap(finishedImages::find);
            if (finished.isPresent()) {
                // assembled before from this very input: publish it (docs/architecture.md, "Finished images")
                try (EmbeddedPipeline pipeline = new EmbeddedPipeline(bus, store, options, metrics.registry(), EnumSet.of(Role.PUBLISHER));
                        BuildWatcher watcher = new BuildWatcher(bus, buildId, l -> {})) {
                    bus.publish(request);
                    FinishedImage image = finished.get();
                    bus.publish(new IndexAssembled(EventHeader.create(buildId, ProducerId.of("stowage-cli"), clock), image.name(), image.tag(),
                            image.index(), inputs.outputs, image.tags(), image.referrers()));
                    return report(bus, watcher, buildId, clock, Map.of(), p -> BuildResult.of(buildId, image, p));
                }
            }
            RegistryAccess access = connections.registries();
            Optional<RegistryShortcut.Found> pushed = RegistryShortcut.find(store, r.input(), inputs.outputs, access, times);
            if (pushed.isPresent()) {
                // every output already holds what this input assembles to: nothing to build or push
                bus.publish(request);
                Published published = new Published(EventHeader.create(buildId, ProducerId.of("stowage-cli"), clock),
                        pushed.get().image().index().digest(), pushed.get().destinations());
                bus.publish(published);
                return Outcome.published(command.commandLine(), BuildResult.of(buildId, pushed.get().image(), published), json);
            }
            List<LayerPlan> plans = LayerPlanner.plan(r.input());
            // a missing store path is refused before any layer is encoded or put into a registry
            InputOptions.orBuildFailed(bus, buildId, clock, () -> requireLocalStorePaths(r.input(), plans));
            Map<Platform, Integer> layerTasks = BuildWatcher.layerTasks(plans);
            int totalLayers = layerTasks.values().stream().mapToInt(Integer::intValue).sum();
            RegistrySeeds.seed(store, buildId, r.input(), inputs.outputs, access);
            try (EmbeddedPipeline pipeline = new EmbeddedPipeline(bus, store, options, metrics.registry()).uploadingLayersAhead(buildId, inputs.outputs);
                    BuildWatcher watcher = new BuildWatcher(bus, buildId, new Progress(command.commandLine().getErr(), System.console() != null, totalLayers)::layer)) {
                bus.publish(request);
                return report(bus, watcher, buildId, clock, layerTasks, p -> BuildResult.of(buildId, r.input().spec().name(), r.input().tag(),
                        p, watcher.images(), watcher.layers()));
            }
        }
    }

    /** Every store path the layers of a platform built from the local store read is under {@code --store-root}. */
    private Void requireLocalStorePaths(BuildInput input, List<LayerPlan> plans) {
        LocalStoreContents local = new LocalStoreContents(storeRoot);
        PlannerService.storePaths(input, plans).forEach((platform, layers) -> {
            if (input.platform(platform).source() == null) layers.forEach(local::requirePresent);
        });
        return null;
    }

    /** Waits for the build's outcome (bounded by {@code --timeout}) and the images and layers of {@code layerTasks}, and prints it; the exit code. */
    private int report(InProcessEventBus bus, BuildWatcher watcher, String buildId, Clock clock, Map<Platform, Integer> layerTasks,
            Function<Published, BuildResult> result)
            throws InterruptedException {
        StowageEvent outcome;
        try {
            outcome = watcher.await(Duration.ofSeconds(timeoutSeconds), layerTasks);
        } catch (TimeoutException e) {
            bus.publish(Failures.buildFailed(buildId, "cli", new TransientException(
                    "did not finish within --timeout " + timeoutSeconds + " s", e), ProducerId.of("stowage-cli"), clock));
            command.commandLine().getErr().println("stowage: error: build " + buildId + " did not finish within --timeout " + timeoutSeconds + " s");
            return ExitCodes.FAILURE;
        }
        if (outcome instanceof BuildFailed f) return Outcome.failed(command.commandLine(), f);
        return Outcome.published(command.commandLine(), result.apply((Published) outcome), json);
    }

    private Platform archivePlatform(BuildInput input) {
        boolean archive = inputs.outputs.stream().anyMatch(o -> o instanceof ImageLocation.DockerArchive
                || o instanceof ImageLocation.DockerDaemon);
        Platform chosen;
        try {
            chosen = platform == null ? null : Platform.parse(platform);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--platform", e.getMessage());
        }
        List<Platform> available = input.platforms().stream().map(p -> p.platform()).toList();
        if (chosen != null && !available.contains(chosen)) {
            throw new BadInputException("--platform", chosen + " is not built by " + inputs.source() + " (it builds " + available + ")");
        }
        if (archive && chosen == null && available.size() > 1) {
            throw new BadInputException("--platform", "a docker-archive (and a docker-daemon load) holds one platform; choose one of " + available);
        }
        return chosen;
    }

    private ProvenanceTimes provenanceTimes(String sourceDateEpoch) {
        try {
            return new ProvenanceTimes(provenanceTimes, ProvenanceTimes.parseSourceDateEpoch(sourceDateEpoch));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("SOURCE_DATE_EPOCH", e.getMessage());
        }
    }

    /** Parses {@code --provenance-times}; anything else is a usage error. */
    static final class ProvenanceTimesConverter implements CommandLine.ITypeConverter<ProvenanceTimes.Mode> {
        @Override
        public ProvenanceTimes.Mode convert(String value) {
            return switch (value) {
                case "reproducible" -> ProvenanceTimes.Mode.REPRODUCIBLE;
                case "wall-clock" -> ProvenanceTimes.Mode.WALL_CLOCK;
                default -> throw new CommandLine.TypeConversionException("'" + value + "' must be reproducible or wall-clock");
            };
        }
    }
}
