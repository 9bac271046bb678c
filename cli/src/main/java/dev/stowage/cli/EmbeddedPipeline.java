package dev.stowage.cli;

import dev.stowage.assembler.AssemblerService;
import dev.stowage.blob.BlobStore;
import dev.stowage.bus.EventBus;
import dev.stowage.bus.ProducerId;
import dev.stowage.bus.Subscription;
import dev.stowage.nix.StorePathContents;
import dev.stowage.oci.Platform;
import dev.stowage.planner.PlannerService;
import dev.stowage.publisher.PublisherService;
import dev.stowage.worker.Compressors;
import dev.stowage.worker.LayerWorkerService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** All four stages subscribed to one bus: what {@code stowage build} runs in one process. */
final class EmbeddedPipeline implements AutoCloseable {
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final ExecutorService compression = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
        Thread t = new Thread(r, "gzip");
        t.setDaemon(true);
        return t;
    });

    EmbeddedPipeline(EventBus bus, BlobStore store, StorePathContents source, int workers, Platform archivePlatform, Clock clock) {
        subscriptions.add(new PlannerService(ProducerId.of("planner"), clock).subscribe(bus));
        subscriptions.add(new LayerWorkerService(source, store, new Compressors(compression), ProducerId.of("layer-worker"), clock).subscribe(bus, null, workers));
        subscriptions.add(new AssemblerService(store, ProducerId.of("assembler"), clock).subscribe(bus));
        subscriptions.add(new PublisherService(store, archivePlatform, ProducerId.of("publisher"), clock).subscribe(bus));
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::close);
        compression.shutdownNow();
    }
}
