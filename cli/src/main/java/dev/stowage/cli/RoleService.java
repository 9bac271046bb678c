package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.Subscription;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.oci.Platform;
import dev.stowage.worker.LocalStoreContents;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;

/**
 * One stage running as a service: subscribes its role on Kafka, answers health and readiness,
 * logs every handled event, and on the shutdown signal closes its subscription (in-flight
 * handlers finish and commit), the bus and the health server, then returns exit code 0.
 */
final class RoleService {
    /** Everything {@code stowage serve} was told. */
    record Config(Role role, KafkaOptions kafka, String blobStore, Platform workerPlatform, Platform archivePlatform,
            int concurrency, Path storeRoot, String healthHost, int healthPort) {}

    private final Config config;
    private final PrintWriter log;
    private final PlannerFleet.Config fleet;
    private volatile boolean serving;

    RoleService(Config config, PrintWriter log) {
        this(config, log, null);
    }

    /** @param fleet the planner's fleet part ({@link PlannerFleet}), or null for none */
    RoleService(Config config, PrintWriter log, PlannerFleet.Config fleet) {
        this.config = config;
        this.log = log;
        this.fleet = fleet;
    }

    int run(ShutdownSignal signal) throws Exception {
        Clock clock = Clock.systemUTC();
        String role = config.role().id();
        try (BlobStore store = Defaults.openBlobStore(config.blobStore());
                KafkaEventBus kafkaBus = config.kafka().openBus(role, store, config.role().consumesAndProducesAtomically());
                BrokerProbe probe = new BrokerProbe(config.kafka().address);
                HealthServer health = new HealthServer(config.healthHost(), config.healthPort(), role, () -> serving && probe.reachable());
                Stages stages = new Stages(new HandledEventLog(kafkaBus, role, log, clock), store, new Stages.Options(
                        new LocalStoreContents(config.storeRoot()), config.concurrency(), config.workerPlatform(), config.archivePlatform(), clock));
                AutoCloseable fleetPart = fleet == null ? () -> {} : PlannerFleet.start(fleet, kafkaBus, config.kafka(), store, log, clock)) {
            Subscription subscription = stages.start(config.role());
            serving = true;
            log.println(clock.instant() + " " + role + " serving on kafka " + config.kafka().address
                    + (config.kafka().namespace.isEmpty() ? "" : " namespace " + config.kafka().namespace)
                    + (config.workerPlatform() == null ? "" : " platform " + config.workerPlatform())
                    + " health http://" + config.healthHost() + ":" + health.port() + "/health ready /ready");
            signal.await();
            serving = false;
            log.println(clock.instant() + " " + role + " stopping: closing the subscription (in-flight events finish and commit)");
            subscription.close();
        }
        log.println(clock.instant() + " " + role + " stopped");
        return ExitCodes.OK;
    }
}
