package dev.stowage.cli;

import dev.stowage.bus.EventBus;
import dev.stowage.bus.Subscription;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.BuildIds;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.EventHeader;
import dev.stowage.event.Published;
import dev.stowage.event.Topics;
import dev.stowage.oci.Digest;
import dev.stowage.registryserver.ImageBuildException;
import dev.stowage.registryserver.ImageBuilder;
import dev.stowage.spec.BuildInput;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's builds on a bus (Kafka, or the embedded pipeline's in-process bus): each is a
 * {@code BuildRequested} with no outputs (the image stays in the blob store), completed by its
 * {@code Published} (the index digest) or {@code BuildFailed}. One subscription, in a group of this
 * process's own, follows every build it submitted.
 */
final class BusImageBuilder implements ImageBuilder, AutoCloseable {
    private final EventBus bus;
    private final Clock clock;
    private final String producer;
    private final Map<String, CompletableFuture<Digest>> waiting = new ConcurrentHashMap<>();
    private final Subscription subscription;

    BusImageBuilder(EventBus bus, String producer, Clock clock) {
        this.bus = bus;
        this.clock = clock;
        this.producer = producer;
        this.subscription = bus.subscribe("registry-builds-" + BuildIds.random(), Topics.exactly(Topics.PUBLISHED, Topics.BUILD_FAILED), 1,
                (event, out) -> {
                    CompletableFuture<Digest> f = waiting.remove(event.buildId());
                    if (f == null) return;
                    if (event instanceof Published p) f.complete(p.index());
                    else if (event instanceof BuildFailed b) {
                        f.completeExceptionally(new ImageBuildException(b.buildId(), b.message(), b.kind() == BuildFailed.Kind.INTERNAL));
                    }
                });
    }

    @Override
    public CompletableFuture<Digest> build(BuildInput input) {
        String buildId = BuildIds.random();
        CompletableFuture<Digest> f = new CompletableFuture<>();
        waiting.put(buildId, f);
        try {
            bus.publish(new BuildRequested(EventHeader.create(buildId, producer, clock), input, List.of()));
        } catch (RuntimeException e) {
            waiting.remove(buildId);
            f.completeExceptionally(e);
        }
        return f;
    }

    @Override
    public void close() {
        subscription.close();
        waiting.values().forEach(f -> f.completeExceptionally(new IllegalStateException("the registry is stopping")));
    }
}
