package dev.stowage.publisher;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.EventBus;
import dev.stowage.bus.EventHandler;
import dev.stowage.bus.Subscription;
import dev.stowage.event.EventHeader;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.metrics.BuildMeters;
import dev.stowage.oci.Platform;
import dev.stowage.publisher.output.OutputPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * The publisher stage: on {@link IndexAssembled} it writes every output and emits {@link Published}.
 * Writes are idempotent, so a redelivered event rewrites nothing and emits the same destinations.
 */
public final class PublisherService implements EventHandler {
    public static final String GROUP = "publisher";

    private final OutputPublisher publisher;
    private final String producer;
    private final Clock clock;
    private final BuildMeters meters;

    /** @param archivePlatform the platform docker-archive outputs get ({@code --platform}); null if the image has one */
    public PublisherService(BlobStore store, Platform archivePlatform, String producer, Clock clock) {
        this(new OutputPublisher(store, archivePlatform), producer, clock);
    }

    /** With a configured publisher, e.g. one with a registry writer plugged in; without metrics. */
    public PublisherService(OutputPublisher publisher, String producer, Clock clock) {
        this(publisher, producer, clock, new CompositeMeterRegistry());
    }

    /** Counts each finished publication ({@code stowage_builds_published_total}, {@link BuildMeters}). */
    public PublisherService(OutputPublisher publisher, String producer, Clock clock, MeterRegistry meters) {
        this.publisher = publisher;
        this.producer = producer;
        this.clock = clock;
        this.meters = new BuildMeters(meters);
    }

    @Override
    public void handle(StowageEvent e, EventHandler.Emitter out) throws IOException {
        if (!(e instanceof IndexAssembled assembled)) return;
        List<Published.Destination> destinations = publisher.publish(assembled);
        out.emit(new Published(EventHeader.create(assembled.buildId(), producer, clock), assembled.index().digest(), destinations));
        meters.published();
    }

    public Subscription subscribe(EventBus bus) {
        return bus.subscribe(GROUP, Topics.exactly(Topics.INDEX_ASSEMBLED), 1, this);
    }
}
