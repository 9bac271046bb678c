package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.ProducerId;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.BuildIds;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.EventHeader;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.oci.Platform;
import dev.stowage.planner.LayerPlanner;
import dev.stowage.planner.PlannerService;
import dev.stowage.registry.CredentialResolver;
import dev.stowage.spec.BuildInput;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code stowage submit SPEC --kafka HOST:PORT --out …}: resolves the inputs here, publishes one
 * {@code BuildRequested} for the services ({@code stowage serve}) and prints the build id; with
 * {@code --wait} follows the build to its {@code Published} or {@code BuildFailed}.
 */
@Command(name = "submit", description = "Submit a build to the services on Kafka and print its build id; --wait follows it to the end.")
final class SubmitCommand implements Callable<Integer> {
    @Mixin InputOptions inputs;
    @Mixin KafkaOptions kafka;
    @Option(names = "--blob-store", paramLabel = "URL", description = "the services' blob store (base image blobs and large messages go there; default ~/.cache/stowage/blobs)") String blobStore;
    @Option(names = "--wait", description = "follow the build until it is published (exit 0) or fails (exit 1, 2 for bad input)") boolean await;
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "with --wait: give up after this long (default 3600)") long timeoutSeconds = 3600;
    @Option(names = "--json", description = "print the build id (or with --wait the result) as JSON on stdout") boolean json;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;
    /** How long {@code --wait} waits for a planner before saying that none has taken the build. */
    static final Duration NO_PLANNER_WARNING = Duration.ofSeconds(5);

    @Override
    public Integer call() throws Exception {
        Clock clock = Clock.systemUTC();
        String buildId = BuildIds.random();
        CommandLine cl = command.commandLine();
        kafka.require(cl);
        if (timeoutSeconds < 1) throw new CommandLine.ParameterException(cl, "--timeout must be at least 1, got " + timeoutSeconds);
        ProcessContext process = ProcessContext.of(command);
        try (BlobStore store = process.defaults().openBlobStore(blobStore); KafkaEventBus bus = kafka.openBus("submit", store, false)) {
            // --creds here serves a fromImage pull only: the publisher service pushes with its own credentials.
            CredentialResolver credentials = InputOptions.orBuildFailed(bus, buildId, clock, () -> inputs.credentials(process.environment()));
            Connections connections = process.connections(credentials, inputs.registry().settings());
            BuildInput input = InputOptions.orBuildFailed(bus, buildId, clock, () -> inputs.load(store, connections));
            // the layers the registry outputs already hold, read with the submitter's credentials, seeded for the workers
            RegistrySeeds.seed(store, buildId, input, inputs.outputs, connections.registries());
            Map<Platform, Integer> layerTasks = InputOptions.orBuildFailed(bus, buildId, clock, () -> BuildWatcher.layerTasks(LayerPlanner.plan(input)));
            int totalLayers = layerTasks.values().stream().mapToInt(Integer::intValue).sum();
            // Subscribe before publishing: the watcher must not miss an early outcome.
            try (BuildWatcher watcher = await ? new BuildWatcher(bus, buildId, input.platforms().stream().map(p -> p.platform()).toList(),
                    new Progress(cl.getErr(), System.console() != null, totalLayers)::layer) : null) {
                bus.publish(new BuildRequested(EventHeader.create(buildId, ProducerId.of("stowage-cli"), clock), input, inputs.outputs));
                if (watcher == null) {
                    cl.getOut().println(json ? "{\"buildId\":\"" + buildId + "\"}" : buildId);
                    return ExitCodes.OK;
                }
                if (!json) cl.getOut().println(buildId);
                long started = System.nanoTime();
                // a planner group with members is a planner at work (a busy one may take longer): only an empty group is warned about
                if (!watcher.awaitTaken(NO_PLANNER_WARNING) && !bus.hasActiveMembers(PlannerService.GROUP, Duration.ofSeconds(5))) {
                    cl.getErr().println("stowage: warning: no planner has taken build " + buildId + " after " + NO_PLANNER_WARNING.toSeconds()
                            + " s: is 'stowage serve planner' running on " + kafka.address
                            + (kafka.namespace.isEmpty() ? "" : " namespace " + kafka.namespace) + "? Still waiting (--timeout " + timeoutSeconds + " s)");
                }
                StowageEvent outcome;
                try {
                    outcome = watcher.await(Duration.ofSeconds(timeoutSeconds).minusNanos(System.nanoTime() - started), layerTasks);
                } catch (TimeoutException e) {
                    cl.getErr().println("stowage: error: build " + buildId + " did not finish within --timeout " + timeoutSeconds
                            + " s; it stays submitted ('stowage audit " + buildId + " --kafka " + kafka.address + "' follows it)");
                    return ExitCodes.FAILURE;
                }
                if (outcome instanceof BuildFailed f) return Outcome.failed(cl, f);
                return Outcome.published(cl, BuildResult.of(buildId, input.spec().name(), input.tag(), (Published) outcome,
                        watcher.images(), watcher.layers()), json);
            }
        }
    }
}
