package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.Failures;
import dev.stowage.bus.InProcessEventBus;
import dev.stowage.bus.JsonlAuditLog;
import dev.stowage.bus.ProducerId;
import dev.stowage.error.BadInputException;
import dev.stowage.error.StowageException;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.BuildIds;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.EventHeader;
import dev.stowage.event.OutputTarget;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.json.Json;
import dev.stowage.oci.Platform;
import dev.stowage.planner.LayerPlanner;
import dev.stowage.publisher.base.BaseImageImporter;
import dev.stowage.publisher.registry.CredentialResolver;
import dev.stowage.publisher.registry.RegistryAccess;
import dev.stowage.spec.BuildInput;
import dev.stowage.spec.SpecLoader;
import dev.stowage.worker.LocalStoreContents;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage build SPEC --out …}: runs planner, workers, assembler and publisher in this process. */
@Command(name = "build", description = "Build an image from a spec and write it to one or more outputs.")
final class BuildCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "image spec (JSON)") Path spec;
    @Option(names = "--out", required = true, paramLabel = "TARGET", converter = OutputTargetConverter.class,
            description = "oci:DIR, docker-archive:FILE or docker://HOST/REPO[:TAG] (repeatable)") List<OutputTarget> outputs;
    @Option(names = "--tls-verify", arity = "1", paramLabel = "BOOL", description = "false: talk plain HTTP to every registry (loopback registries always are)") boolean tlsVerify = true;
    @Option(names = "--creds", paramLabel = "USER:PASSWORD", description = "credentials for the registry of the docker:// outputs") String creds;
    @Option(names = "--store-root", paramLabel = "DIR", description = "store files live at DIR + storeDir (default /)") Path storeRoot = Path.of("/");
    @Option(names = "--blob-store", paramLabel = "URL", description = "blob store and layer cache: DIR, file:DIR or s3://bucket/prefix?endpoint=…&region=… (default ~/.cache/stowage/blobs)") String blobStore;
    @Option(names = "--audit-log", paramLabel = "FILE", description = "JSONL log of every event (default ~/.cache/stowage/audit.jsonl)") Path auditLog;
    @Option(names = "--workers", paramLabel = "N", description = "layer worker threads (default: number of CPUs)") int workers = Runtime.getRuntime().availableProcessors();
    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "the platform written to a docker-archive when the image has several") String platform;
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "give up after this long (default 3600)") long timeoutSeconds = 3600;
    @Option(names = "--json", description = "print the result as JSON on stdout") boolean json;
    @Option(names = "--cache", paramLabel = "URL", description = "read store paths from this binary cache (file://, http(s)://, s3://) for platforms without a closure file") String cache;
    @Option(names = "--trusted-public-key", paramLabel = "NAME:BASE64", description = "a key narinfo signatures may be made with (repeatable)") List<String> trustedKeys = List.of();
    @Option(names = "--allow-unsigned", description = "accept unsigned paths from --cache") boolean allowUnsigned;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        if (workers < 1) throw new BadInputException("--workers", "must be at least 1");
        Clock clock = Clock.systemUTC();
        String buildId = BuildIds.random();
        Path audit = auditLog != null ? auditLog : Defaults.auditLog();
        try (BlobStore store = Defaults.openBlobStore(blobStore);
                InProcessEventBus bus = InProcessEventBus.withAuditLog(new JsonlAuditLog(audit))) {
            BuildInput input;
            Platform archivePlatform;
            int totalLayers;
            RegistryFlags registry = new RegistryFlags(tlsVerify, creds);
            CredentialResolver credentials;
            try {
                credentials = registry.credentials(outputs);
                try (BaseImageImporter bases = new BaseImageImporter(store, new RegistryAccess(credentials, registry.settings()))) {
                    input = SpecLoader.load(spec, bases, cacheSource());
                }
                archivePlatform = archivePlatform(input);
                totalLayers = LayerPlanner.plan(input).stream().mapToInt(p -> p.layers().size()).sum();
            } catch (StowageException e) {
                bus.publish(Failures.buildFailed(buildId, "submit", e, ProducerId.of("stowage-cli"), clock));
                throw e;
            }
            try (EmbeddedPipeline pipeline = new EmbeddedPipeline(bus, store,
                    new Stages.Options(new LocalStoreContents(storeRoot), workers, null, archivePlatform, clock, registry.settings(), credentials));
                    BuildWatcher watcher = new BuildWatcher(bus, buildId, new Progress(command.commandLine().getErr(), System.console() != null, totalLayers)::layer)) {
                bus.publish(new BuildRequested(EventHeader.create(buildId, ProducerId.of("stowage-cli"), clock), input, outputs));
                StowageEvent outcome = watcher.await(Duration.ofSeconds(timeoutSeconds));
                if (outcome instanceof BuildFailed f) return reportFailure(f);
                Published published = (Published) outcome;
                BuildResult result = BuildResult.of(buildId, input.spec().name(), input.tag(), published, watcher.images(), watcher.layers());
                report(result);
                return ExitCodes.OK;
            }
        }
    }

    private dev.stowage.spec.CacheSource cacheSource() {
        if (cache == null) return null;
        try {
            return new dev.stowage.spec.CacheSource(cache, trustedKeys, allowUnsigned);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--cache", e.getMessage());
        }
    }

    private Platform archivePlatform(BuildInput input) {
        boolean archive = outputs.stream().anyMatch(o -> o.transport() == OutputTarget.Transport.DOCKER_ARCHIVE);
        Platform chosen;
        try {
            chosen = platform == null ? null : Platform.parse(platform);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--platform", e.getMessage());
        }
        List<Platform> available = input.platforms().stream().map(p -> p.platform()).toList();
        if (chosen != null && !available.contains(chosen)) {
            throw new BadInputException("--platform", chosen + " is not built by " + spec + " (it builds " + available + ")");
        }
        if (archive && chosen == null && available.size() > 1) {
            throw new BadInputException("--platform", "a docker-archive holds one platform; choose one of " + available);
        }
        return chosen;
    }

    private int reportFailure(BuildFailed f) {
        command.commandLine().getErr().println("stowage: error: " + f.message());
        return f.kind() == BuildFailed.Kind.BAD_INPUT ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
    }

    private void report(BuildResult r) {
        if (json) {
            command.commandLine().getOut().println(Json.canonicalString(r));
            return;
        }
        java.io.PrintWriter err = command.commandLine().getErr();
        err.println("built " + r.name() + ":" + r.tag() + " " + r.index());
        for (Published.Destination d : r.outputs()) {
            boolean list = dev.stowage.oci.MediaTypes.DOCKER_MANIFEST_LIST.equals(d.mediaType());
            err.println("  wrote " + d.target() + " (" + d.digest() + ")" + (list
                    ? " as a Docker manifest list: the registry refused the OCI index, so no annotations or attached SBOM/provenance there"
                    : ""));
        }
    }
}
