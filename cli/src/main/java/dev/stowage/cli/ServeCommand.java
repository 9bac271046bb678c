package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.dashboard.Dashboard;
import dev.stowage.fleet.PlannerFleet;
import dev.stowage.oci.Platform;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code stowage serve ROLE --kafka HOST:PORT --blob-store URL}: one stage as a long-lived service
 * on Kafka, until SIGTERM; {@code stowage serve dashboard --kafka HOST:PORT [--blob-store URL]} the
 * read-only dashboard following the topics ({@code serve registry} is its own subcommand,
 * {@link RegistryServeCommand}). Flags that do not apply to the role are usage errors (exit 2).
 */
@Command(name = "serve", subcommands = RegistryServeCommand.class,
        description = "Run one stage (planner, layer-worker, assembler, publisher) as a service on Kafka until SIGTERM, "
                + "or the read-only build dashboard (dashboard) following the topics; 'serve registry' serves images (see its --help).")
final class ServeCommand implements Callable<Integer> {
    static final String DASHBOARD = "dashboard";
    @Parameters(index = "0", arity = "0..1", paramLabel = "ROLE",
            description = "planner, layer-worker, assembler, publisher or dashboard (or the command registry)") String roleName;
    @CommandLine.Mixin KafkaOptions kafka;
    @Option(names = "--blob-store", paramLabel = "URL",
            description = "the blob store every service shares: DIR, file:DIR or s3://bucket/prefix?endpoint=…&region=… "
                    + "(required; dashboard: optional, to read messages sent as claim checks)") String blobStore;
    @Option(names = "--platform", paramLabel = "OS/ARCH",
            description = "layer-worker: take only this platform's tasks; publisher: the platform docker-archive outputs get") String platform;
    @Option(names = "--concurrency", paramLabel = "N", description = "layer-worker: consumer threads (default 1)") Integer concurrency;
    @Option(names = "--store-root", paramLabel = "DIR", description = "layer-worker: store files live at DIR + storeDir (default /)") Path storeRoot;
    @Option(names = "--health-port", paramLabel = "N", description = "port of GET /health and /ready (default per role: planner 8080, layer-worker 8082, assembler 8083, publisher 8084; 0 picks a free port, printed)") Integer healthPort;
    @Option(names = "--health-host", paramLabel = "ADDR", description = "address the health server binds (default 0.0.0.0)") String healthHost = "0.0.0.0";
    @CommandLine.Mixin PlannerFleetOptions fleet;
    @CommandLine.Mixin DashboardOptions dashboard;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        // not picocli's required=: a required option or parameter here would be demanded of 'serve registry' too
        if (roleName == null) throw usage("Missing required parameter: 'ROLE' (planner, layer-worker, assembler, publisher, dashboard, or the command registry)");
        if (!roleName.equals(DASHBOARD) && blobStore == null) {
            role(); // an unknown role is named first
            throw usage("Missing required option: '--blob-store=URL'");
        }
        kafka.require(command.commandLine());
        if (roleName.equals(DASHBOARD)) return dashboard();
        Role role = role();
        if (blobStore == null) throw usage("Missing required option: '--blob-store=URL'");
        if (dashboard.given()) throw usage("--port and --bind apply to dashboard only");
        boolean worker = role == Role.LAYER_WORKER;
        if (concurrency != null && !worker) throw usage("--concurrency applies to layer-worker only");
        if (concurrency != null && concurrency < 1) throw usage("--concurrency must be at least 1, got " + concurrency);
        if (storeRoot != null && !worker) throw usage("--store-root applies to layer-worker only");
        if (platform != null && !worker && role != Role.PUBLISHER) throw usage("--platform applies to layer-worker and publisher only");
        int port = healthPort == null ? role.defaultHealthPort() : healthPort;
        if (port < 0 || port > 65535) throw usage("--health-port must be 0-65535, got " + port);
        Platform p;
        try {
            p = platform == null ? null : Platform.parse(platform);
        } catch (IllegalArgumentException e) {
            throw usage("--platform: " + e.getMessage());
        }
        RoleService.Config config = new RoleService.Config(role, kafka, blobStore, worker ? p : null, worker ? null : p,
                concurrency == null ? 1 : concurrency, storeRoot == null ? Path.of("/") : storeRoot, healthHost, port);
        ProcessContext process = ProcessContext.of(command);
        PlannerFleet.Config fleetConfig = fleet.config(command.commandLine(), role == Role.PLANNER, healthHost, process.environment().variables());
        return new RoleService(config, process, command.commandLine().getOut(), fleetConfig).run(new ShutdownSignal());
    }

    private Role role() {
        try {
            return Role.parse(roleName);
        } catch (IllegalArgumentException e) {
            throw usage("ROLE must be planner, layer-worker, assembler, publisher or dashboard (or the command registry), got '" + roleName + "'");
        }
    }

    /** The dashboard on the topics; the stages' flags do not apply. */
    private int dashboard() throws Exception {
        if (platform != null || concurrency != null || storeRoot != null || healthPort != null) {
            throw usage("--platform, --concurrency, --store-root and --health-port do not apply to dashboard");
        }
        fleet.config(command.commandLine(), false, healthHost, ProcessContext.of(command).environment().variables());
        String source = "the topics of " + kafka.address + (kafka.namespace.isEmpty() ? "" : " in namespace " + kafka.namespace);
        ProcessContext process = ProcessContext.of(command);
        try (BlobStore store = blobStore == null ? null : process.defaults().openBlobStore(blobStore)) {
            return dashboard.serve(command.commandLine(), source,
                    (host, port) -> Dashboard.onTopics(process.vertx().get(), kafka.address.toString(), kafka.namespace, store, host, port),
                    new ShutdownSignal());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(command.commandLine(), message);
    }
}
