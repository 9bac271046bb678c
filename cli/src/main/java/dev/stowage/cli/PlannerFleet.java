package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.EventBus;
import dev.stowage.bus.ProducerId;
import dev.stowage.bus.Subscription;
import dev.stowage.fleet.Catalog;
import dev.stowage.fleet.Catalogs;
import dev.stowage.fleet.FleetPlanner;
import dev.stowage.fleet.FleetTracker;
import dev.stowage.fleet.ReverseIndex;
import dev.stowage.fleet.webhook.ChangeWebhook;
import dev.stowage.fleet.webhook.HandlerServer;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The fleet part of {@code stowage serve planner --catalog kafka://…}: the reverse index and the
 * tracker's state (both rebuilt from every topic read from the beginning at start, then fed by the
 * {@code fleet-index} and {@code fleet-tracker} groups), the {@code fleet-planner} group, and the
 * change webhook on its own HTTP server. Closing it stops the server first, then the groups (in-flight events finish and commit).
 */
final class PlannerFleet implements AutoCloseable {
    /** What {@code serve planner} was told about the fleet; the token is never printed. */
    record Config(String catalog, String webhookHost, int webhookPort, String token) {
        @Override
        public String toString() {
            return "PlannerFleet.Config[catalog=" + catalog + ", webhook=" + webhookHost + ":" + webhookPort + "]";
        }
    }

    private final List<Subscription> subscriptions = new ArrayList<>();
    private final Catalog catalog;
    private HandlerServer server;

    private PlannerFleet(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Replays the topics into a new index, subscribes the three groups on {@code bus} (their handled
     * events logged), then serves the webhook; prints the webhook's address.
     */
    static PlannerFleet start(Config config, EventBus bus, KafkaOptions kafka, BlobStore claimChecks, PrintWriter log, Clock clock) throws Exception {
        PlannerFleet fleet = new PlannerFleet(Catalogs.open(config.catalog()));
        try {
            var history = new TopicTimelineReader(kafka.address, kafka.namespace, claimChecks).readAll();
            ReverseIndex index = ReverseIndex.replay(history);
            log.println(clock.instant() + " fleet index and tracker rebuilt from " + history.size() + " events on the topics");
            fleet.subscriptions.add(index.subscribe(new HandledEventLog(bus, ReverseIndex.GROUP, log, clock)));
            fleet.subscriptions.add(new FleetPlanner(fleet.catalog, index, ProducerId.of(FleetPlanner.GROUP), clock)
                    .subscribe(new HandledEventLog(bus, FleetPlanner.GROUP, log, clock)));
            FleetTracker tracker = new FleetTracker(fleet.catalog, ProducerId.of(FleetTracker.GROUP), clock);
            tracker.restore(history.stream().map(AuditEntry::event).toList());
            fleet.subscriptions.add(tracker.subscribe(new HandledEventLog(bus, FleetTracker.GROUP, log, clock)));
            fleet.server = Ports.bind("--webhook-port", config.webhookHost(), config.webhookPort(),
                    new ChangeWebhook(bus, config.token(), ProducerId.of("webhook"), clock));
            log.println(clock.instant() + " fleet catalog " + config.catalog() + " webhook http://" + config.webhookHost() + ":"
                    + fleet.server.port() + ChangeWebhook.PATH);
            return fleet;
        } catch (Exception | Error e) {
            fleet.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        if (server != null) server.close();
        subscriptions.forEach(Subscription::close);
        catalog.close();
    }
}
