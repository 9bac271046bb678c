package dev.stowage.metrics;

import dev.stowage.event.BuildFailed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Build outcomes as the stages see them: {@code stowage_builds_requested_total} (requests the
 * planner handled), {@code stowage_builds_published_total} (index publications the publisher
 * finished), {@code stowage_builds_failed_total{kind, stage}} and
 * {@code stowage_dead_letters_total{group, topic}}. Delivery is at least once, so a redelivered
 * message counts again.
 */
public final class BuildMeters {
    private final MeterRegistry meters;
    private final Counter requested;
    private final Counter published;

    public BuildMeters(MeterRegistry meters) {
        this.meters = meters;
        this.requested = Counter.builder("stowage.builds.requested").description("build requests handled by the planner").register(meters);
        this.published = Counter.builder("stowage.builds.published").description("builds whose outputs the publisher wrote").register(meters);
    }

    public void requested() {
        requested.increment();
    }

    public void published() {
        published.increment();
    }

    /** A build failed: by the failure's kind and the stage (group) that failed it. */
    public void failed(BuildFailed failed) {
        Counter.builder("stowage.builds.failed").description("builds failed, by failure kind and stage")
                .tags("kind", failed.kind().name().toLowerCase(Locale.ROOT), "stage", failed.stage())
                .register(meters).increment();
    }

    /** A message of {@code topic} (logical name, no namespace) went to its dead-letter topic. */
    public void deadLettered(String group, String topic) {
        Counter.builder("stowage.dead.letters").description("messages dead-lettered, by consumer group and original topic")
                .tags("group", group, "topic", topic).register(meters).increment();
    }
}
