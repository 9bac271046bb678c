package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.AuditLogReader;
import dev.stowage.bus.InProcessEventBus;
import dev.stowage.bus.JsonlAuditLog;
import dev.stowage.bus.ProducerId;
import dev.stowage.bus.Subscription;
import dev.stowage.fleet.Catalog;
import dev.stowage.fleet.FleetPlanner;
import dev.stowage.fleet.FleetTracker;
import dev.stowage.fleet.ReverseIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a fleet rebuild needs in one process: the four stages, the reverse index (replayed
 * from the audit log first, then fed by the bus), the fleet planner and the tracker, on one
 * in-process bus that appends to the same audit log.
 */
final class EmbeddedFleet implements AutoCloseable {
    private final InProcessEventBus bus;
    private final EmbeddedPipeline pipeline;
    private final FleetPlanner planner;
    private final Catalog catalog;
    private final List<Subscription> subscriptions = new ArrayList<>();

    EmbeddedFleet(Path auditLog, BlobStore store, Catalog catalog, Stages.Options options) throws IOException {
        this.catalog = catalog;
        ReverseIndex index = ReverseIndex.replay(Files.exists(auditLog) ? AuditLogReader.read(auditLog) : List.of());
        this.bus = InProcessEventBus.withAuditLog(new JsonlAuditLog(auditLog));
        this.pipeline = new EmbeddedPipeline(bus, store, options);
        this.planner = new FleetPlanner(catalog, index, ProducerId.of(FleetPlanner.GROUP), options.clock());
        subscriptions.add(index.subscribe(bus));
        subscriptions.add(planner.subscribe(bus));
        subscriptions.add(new FleetTracker(catalog, ProducerId.of(FleetTracker.GROUP), options.clock()).subscribe(bus));
    }

    InProcessEventBus bus() {
        return bus;
    }

    Catalog catalog() {
        return catalog;
    }

    FleetPlanner planner() {
        return planner;
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::close);
        pipeline.close();
        bus.close();
    }
}
