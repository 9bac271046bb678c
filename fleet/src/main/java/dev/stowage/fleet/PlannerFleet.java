package dev.stowage.fleet;

import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.EventBus;
import dev.stowage.bus.ProducerId;
import dev.stowage.bus.Subscription;
import dev.stowage.fleet.webhook.ChangeWebhook;
import dev.stowage.http.HandlerServer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The fleet part of a planner service ({@code stowage serve planner --catalog …}): the reverse
 * index and the tracker's state (both rebuilt from the history of the topics at start, then fed by
 * the {@code fleet-index} and {@code fleet-tracker} groups), the {@code fleet-planner} group, and
 * the change webhook on its own HTTP server. Closing it stops the server first, then the groups
 * (in-flight events finish and commit).
 */
public final class PlannerFleet implements AutoCloseable {
    /** What the planner was told about the fleet; the token is never printed. */
    public record Config(String catalog, String webhookHost, int webhookPort, String token) {
        @Override
        public String toString() {
            return "PlannerFleet.Config[catalog=" + catalog + ", webhook=" + webhookHost + ":" + webhookPort + "]";
        }
    }

    /** Serves the webhook on the configured address (the caller names its flag when the port is taken). */
    @FunctionalInterface
    public interface WebhookBinder {
        HandlerServer bind(String host, int port, Handler<HttpServerRequest> handler) throws Exception;
    }

    private final List<Subscription> subscriptions = new ArrayList<>();
    private final Catalog catalog;
    private HandlerServer server;

    private PlannerFleet(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Replays {@code history} into a new index and tracker, subscribes the three groups, each on the
     * bus {@code groupBus} gives for its name (the service wraps it to log handled events), then
     * serves the webhook, which publishes on {@code bus}; prints the webhook's address to {@code log}.
     */
    public static PlannerFleet start(Config config, List<AuditEntry> history, EventBus bus, Function<String, EventBus> groupBus,
            WebhookBinder binder, PrintWriter log, Clock clock) throws Exception {
        PlannerFleet fleet = new PlannerFleet(Catalogs.open(config.catalog()));
        try {
            ReverseIndex index = ReverseIndex.replay(history);
            log.println(clock.instant() + " fleet index and tracker rebuilt from " + history.size() + " events on the topics");
            fleet.subscriptions.add(index.subscribe(groupBus.apply(ReverseIndex.GROUP)));
            fleet.subscriptions.add(new FleetPlanner(fleet.catalog, index, ProducerId.of(FleetPlanner.GROUP), clock)
                    .subscribe(groupBus.apply(FleetPlanner.GROUP)));
            FleetTracker tracker = new FleetTracker(fleet.catalog, ProducerId.of(FleetTracker.GROUP), clock);
            tracker.restore(history.stream().map(AuditEntry::event).toList());
            fleet.subscriptions.add(tracker.subscribe(groupBus.apply(FleetTracker.GROUP)));
            fleet.server = binder.bind(config.webhookHost(), config.webhookPort(), new ChangeWebhook(bus, config.token(), ProducerId.of("webhook"), clock));
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
