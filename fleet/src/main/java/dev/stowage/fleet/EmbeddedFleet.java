package dev.stowage.fleet;

import dev.stowage.bus.AuditLogReader;
import dev.stowage.bus.InProcessEventBus;
import dev.stowage.bus.JsonlAuditLog;
import dev.stowage.bus.ProducerId;
import dev.stowage.bus.Subscription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Everything a fleet rebuild needs in one process: the stages (started by the caller on the bus),
 * the reverse index (replayed from the audit log first, then fed by the bus), the fleet planner
 * and the tracker, on one in-process bus that appends to the same audit log.
 */
public final class EmbeddedFleet implements AutoCloseable {
    private final InProcessEventBus bus;
    private final AutoCloseable pipeline;
    private final FleetPlanner planner;
    private final Catalog catalog;
    private final List<Subscription> subscriptions = new ArrayList<>();

    /** @param pipeline starts the four stages on the bus it is given; closed after the fleet's groups */
    public EmbeddedFleet(Path auditLog, Catalog catalog, Clock clock, Function<InProcessEventBus, AutoCloseable> pipeline) throws IOException {
        this.catalog = catalog;
        ReverseIndex index = ReverseIndex.replay(Files.exists(auditLog) ? AuditLogReader.read(auditLog) : List.of());
        this.bus = InProcessEventBus.withAuditLog(new JsonlAuditLog(auditLog));
        this.pipeline = pipeline.apply(bus);
        this.planner = new FleetPlanner(catalog, index, ProducerId.of(FleetPlanner.GROUP), clock);
        subscriptions.add(index.subscribe(bus));
        subscriptions.add(planner.subscribe(bus));
        subscriptions.add(new FleetTracker(catalog, ProducerId.of(FleetTracker.GROUP), clock).subscribe(bus));
    }

    public InProcessEventBus bus() {
        return bus;
    }

    public Catalog catalog() {
        return catalog;
    }

    public FleetPlanner planner() {
        return planner;
    }

    @Override
    public void close() throws Exception {
        subscriptions.forEach(Subscription::close);
        try {
            pipeline.close();
        } finally {
            bus.close();
        }
    }
}
