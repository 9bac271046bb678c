package dev.stowage.cli;

import dev.stowage.assembler.AssemblerService;
import dev.stowage.blob.BlobStore;
import dev.stowage.bus.EventBus;
import dev.stowage.bus.Subscription;
import dev.stowage.oci.ImageLocation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * All four stages subscribed to one in-process bus: what {@code stowage build} runs in one process.
 * The bus ends with the process, so the assembler keeps build state in memory: a build writes no
 * state objects to the blob store.
 */
final class EmbeddedPipeline implements AutoCloseable {
    private final Stages stages;
    private final List<Subscription> subscriptions = new ArrayList<>();

    EmbeddedPipeline(EventBus bus, BlobStore store, Stages.Options options) {
        this(bus, store, options, new CompositeMeterRegistry());
    }

    /** The stages register their meters in {@code meters} ({@code --metrics-port}). */
    EmbeddedPipeline(EventBus bus, BlobStore store, Stages.Options options, MeterRegistry meters) {
        this(bus, store, options, meters, EnumSet.allOf(Role.class));
    }

    /** Only {@code roles}: the publisher alone publishes an image an earlier build assembled. */
    EmbeddedPipeline(EventBus bus, BlobStore store, Stages.Options options, MeterRegistry meters, Set<Role> roles) {
        this.stages = new Stages(bus, store, options, meters, AssemblerService.StateKeeping.MEMORY);
        for (Role role : roles) subscriptions.add(stages.start(role));
    }

    /**
     * Also puts build {@code buildId}'s layers into its registry outputs as they are built, so the
     * push overlaps the encoding ({@link dev.stowage.publisher.LayerUploadsAhead}).
     */
    EmbeddedPipeline uploadingLayersAhead(String buildId, List<ImageLocation> outputs) {
        stages.uploadLayersAhead(buildId, outputs).ifPresent(subscriptions::add);
        return this;
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::close);
        stages.close();
    }
}
