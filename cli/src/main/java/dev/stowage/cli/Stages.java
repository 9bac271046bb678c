package dev.stowage.cli;

import dev.stowage.assembler.AssemblerService;
import dev.stowage.assembler.provenance.ProvenanceTimes;
import dev.stowage.blob.BlobStore;
import dev.stowage.bus.EventBus;
import dev.stowage.bus.ProducerId;
import dev.stowage.bus.Subscription;
import dev.stowage.metrics.MeteredEventBus;
import dev.stowage.nix.StorePathContents;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.Platform;
import dev.stowage.planner.PlannerService;
import dev.stowage.publisher.LayerUploadsAhead;
import dev.stowage.publisher.PublisherService;
import dev.stowage.publisher.daemon.DaemonOutputWriter;
import dev.stowage.publisher.output.OutputPublisher;
import dev.stowage.publisher.output.RegistryOutputWriter;
import dev.stowage.registry.RegistryMeters;
import dev.stowage.registry.RegistryPusher;
import dev.stowage.worker.Compressors;
import dev.stowage.worker.LayerWorkerService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts stages on a bus. Owns the compression pool the layer workers share and the publisher's
 * registry pusher; closing it stops both (close the subscriptions first).
 */
final class Stages implements AutoCloseable {
    /**
     * What the stages need besides the bus and the blob store; {@code connections} are how the
     * workers read binary caches and the publisher reaches registries and the Docker Engine.
     */
    record Options(StorePathContents source, int workers, Platform workerPlatform, Platform archivePlatform, Clock clock,
                   Connections connections, ProvenanceTimes provenanceTimes, OutputStream stdout) {
        /** Reproducible provenance; no {@code docker-archive:-} (stdout) output. */
        Options(StorePathContents source, int workers, Platform workerPlatform, Platform archivePlatform, Clock clock,
                Connections connections) {
            this(source, workers, workerPlatform, archivePlatform, clock, connections, ProvenanceTimes.fromCreated(), null);
        }
    }

    private final EventBus bus;
    private final BlobStore store;
    private final Options options;
    private final ExecutorService compression = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
        Thread t = new Thread(r, "gzip");
        t.setDaemon(true);
        return t;
    });

    private final RegistryPusher pusher;
    private final MeterRegistry meters;
    private final AssemblerService.StateKeeping assemblerState;

    /** Stages of a service on a durable bus, without metrics (a registry nothing reads). */
    Stages(EventBus bus, BlobStore store, Options options) {
        this(bus, store, options, new CompositeMeterRegistry());
    }

    /** Stages of a service on a durable bus: the assembler keeps build state in the blob store. */
    Stages(EventBus bus, BlobStore store, Options options, MeterRegistry meters) {
        this(bus, store, options, meters, AssemblerService.StateKeeping.BLOB_STORE);
    }

    /** The stages register their meters in {@code meters}; events handled are counted per group ({@link MeteredEventBus}). */
    Stages(EventBus bus, BlobStore store, Options options, MeterRegistry meters, AssemblerService.StateKeeping assemblerState) {
        this.bus = new MeteredEventBus(bus, meters);
        this.store = store;
        this.options = options;
        this.meters = meters;
        this.assemblerState = assemblerState;
        this.pusher = new RegistryPusher(options.connections().registries().withMeters(new RegistryMeters(meters)));
    }

    Subscription start(Role role) {
        Clock clock = options.clock();
        String producer = ProducerId.of(role.id());
        return switch (role) {
            case PLANNER -> new PlannerService(producer, clock, meters).subscribe(bus);
            case LAYER_WORKER -> new LayerWorkerService(options.source(), options.connections().caches(), store, new Compressors(compression), producer, clock, meters)
                    .subscribe(bus, options.workerPlatform(), options.workers());
            case ASSEMBLER -> new AssemblerService(store, producer, clock, options.provenanceTimes(), assemblerState).subscribe(bus);
            case PUBLISHER -> new PublisherService(publisher(), producer, clock, meters).subscribe(bus);
        };
    }

    /** Layer blobs of build {@code buildId} put into its registry outputs as they are built; none without a registry output. */
    Optional<Subscription> uploadLayersAhead(String buildId, List<ImageLocation> outputs) {
        return LayerUploadsAhead.of(pusher, store, buildId, outputs).map(a -> a.subscribe(bus));
    }

    /** File outputs, registries, the Docker Engine API (docker-daemon:), and stdout when the options give one. */
    private OutputPublisher publisher() {
        OutputPublisher p = new OutputPublisher(store, options.archivePlatform())
                .with(ImageLocation.Registry.class, new RegistryOutputWriter(store, pusher))
                .with(ImageLocation.DockerDaemon.class, new DaemonOutputWriter(store, options.archivePlatform(), options.connections().docker()));
        return options.stdout() == null ? p : p.withStdout(options.stdout());
    }

    @Override
    public void close() {
        compression.shutdownNow();
        pusher.close();
    }
}
