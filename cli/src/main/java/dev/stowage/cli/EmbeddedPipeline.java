package dev.stowage.cli;

import dev.stowage.assembler.AssemblerService;
import dev.stowage.blob.BlobStore;
import dev.stowage.bus.EventBus;
import dev.stowage.bus.Subscription;
import java.util.ArrayList;
import java.util.List;

/**
 * All four stages subscribed to one in-process bus: what {@code stowage build} runs in one process.
 * The bus ends with the process, so the assembler keeps build state in memory: a build writes no
 * state objects to the blob store.
 */
final class EmbeddedPipeline implements AutoCloseable {
    private final Stages stages;
    private final List<Subscription> subscriptions = new ArrayList<>();

    EmbeddedPipeline(EventBus bus, BlobStore store, Stages.Options options) {
        this.stages = new Stages(bus, store, options, AssemblerService.StateKeeping.MEMORY);
        for (Role role : Role.values()) subscriptions.add(stages.start(role));
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::close);
        stages.close();
    }
}
