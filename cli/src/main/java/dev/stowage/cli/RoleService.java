package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.Failures;
import dev.stowage.bus.Subscription;
import dev.stowage.bus.kafka.BrokerProbe;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.bus.kafka.TopicTimelineReader;
import dev.stowage.fleet.PlannerFleet;
import dev.stowage.oci.Platform;
import dev.stowage.worker.LocalStoreContents;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One stage running as a service: subscribes its role on Kafka, answers health and readiness,
 * serves its meters at {@code /metrics} on the health port, logs every handled event, and on the shutdown signal closes its subscription (in-flight
 * handlers finish and commit), the bus and the health server, then returns exit code 0. If its
 * subscription fails (a consumer that cannot go on, e.g. fenced by another instance with the same
 * {@code --instance}), {@code /ready} answers 503 at once and the service logs one line naming
 * the cause, shuts down and returns exit code 1 within about {@link #WATCH}, so an orchestrator
 * restarts it.
 */
final class RoleService {
    /** Everything {@code stowage serve} was told. */
    record Config(Role role, KafkaOptions kafka, String blobStore, Platform workerPlatform, Platform archivePlatform,
            int concurrency, Path storeRoot, String healthHost, int healthPort) {}

    /** How often the subscription's health is checked while waiting for the shutdown signal. */
    static final Duration WATCH = Duration.ofMillis(250);
    private final Config config;
    private final ProcessContext process;
    private final PrintWriter log;
    private final PlannerFleet.Config fleet;
    private volatile boolean serving;
    private volatile Subscription subscription;
    private volatile BrokerProbe probe;

    /**
     * @param process the command's environment, Vert.x instance and connections
     * @param fleet the planner's fleet part ({@link PlannerFleet}), or null for none
     */
    RoleService(Config config, ProcessContext process, PrintWriter log, PlannerFleet.Config fleet) {
        this.config = config;
        this.process = process;
        this.log = log;
        this.fleet = fleet;
    }

    int run(ShutdownSignal signal) throws Exception {
        Clock clock = Clock.systemUTC();
        int exit = ExitCodes.OK;
        String role = config.role().id();
        // The health port first: a port in use fails at once, before any connection to Kafka.
        try (PrometheusMetrics metrics = new PrometheusMetrics(role);
                HealthServer health = new HealthServer(process.vertx().get(), config.healthHost(), config.healthPort(), role, this::ready, metrics::scrape);
                BlobStore store = MeteredStores.open(process.defaults(), config.blobStore(), metrics.registry());
                KafkaEventBus kafkaBus = config.kafka().openBus(role, store, config.role().consumesAndProducesAtomically(), metrics.registry());
                BrokerProbe probe = new BrokerProbe(config.kafka().address.toString());
                Stages stages = new Stages(new HandledEventLog(kafkaBus, role, log, clock), store, new Stages.Options(
                        new LocalStoreContents(config.storeRoot()), config.concurrency(), config.workerPlatform(), config.archivePlatform(), clock,
                        process.connections()),
                        metrics.registry());
                AutoCloseable fleetPart = fleet == null ? () -> {} : startFleet(kafkaBus, store, clock)) {
            this.probe = probe;
            Subscription subscription = stages.start(config.role());
            this.subscription = subscription;
            serving = true;
            log.println(clock.instant() + " " + role + " serving on kafka " + config.kafka().address
                    + (config.kafka().namespace.isEmpty() ? "" : " namespace " + config.kafka().namespace)
                    + (config.workerPlatform() == null ? "" : " platform " + config.workerPlatform())
                    + " health http://" + config.healthHost() + ":" + health.port() + "/health ready /ready");
            Optional<Throwable> failed = awaitSignalOrFailure(signal, subscription);
            serving = false;
            if (failed.isPresent()) {
                log.println(clock.instant() + " " + role + " stopping: its consumer failed, exiting so it is restarted: "
                        + Failures.oneLine(failed.get()));
                log.flush();
                closeFailed(subscription);
                exit = ExitCodes.FAILURE;
            } else {
                log.println(clock.instant() + " " + role + " stopping: closing the subscription (in-flight events finish and commit)");
                subscription.close();
            }
        }
        log.println(clock.instant() + " " + role + " stopped" + (exit == ExitCodes.OK ? "" : " (exit " + exit + ")"));
        return exit;
    }

    /** Ready once subscribed, while no consumer failed and the broker answers. */
    private boolean ready() {
        Subscription s = subscription;
        BrokerProbe p = probe;
        return serving && s != null && s.failure().isEmpty() && p != null && p.reachable();
    }

    /** Returns empty when the shutdown signal came, the failure when the subscription failed first. */
    /** The planner's fleet part, on the topics' history and this service's bus; each group's handled events are logged. */
    private PlannerFleet startFleet(KafkaEventBus kafkaBus, BlobStore store, Clock clock) throws Exception {
        KafkaOptions kafka = config.kafka();
        List<AuditEntry> history = new TopicTimelineReader(kafka.address.toString(), kafka.namespace, store).readAll();
        return PlannerFleet.start(fleet, history, kafkaBus, group -> new HandledEventLog(kafkaBus, group, log, clock),
                (host, port, handler) -> Ports.bind(process.vertx().get(), "--webhook-port", host, port, handler), log, clock);
    }

    private static Optional<Throwable> awaitSignalOrFailure(ShutdownSignal signal, Subscription subscription) throws InterruptedException {
        while (!signal.await(WATCH)) {
            Optional<Throwable> failure = subscription.failure();
            if (failure.isPresent()) return failure;
        }
        return Optional.empty();
    }

    /** Closes a failed subscription; the failure it rethrows was logged already. */
    private static void closeFailed(Subscription subscription) {
        try {
            subscription.close();
        } catch (IllegalStateException alreadyReported) {
            // the consumer's own log line and the one above name it
        }
    }
}
