package dev.stowage.metrics;

import dev.stowage.bus.EventBus;
import dev.stowage.bus.EventHandler;
import dev.stowage.bus.ForwardingEventBus;
import dev.stowage.bus.Subscription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A bus whose subscriptions count and time every handled event:
 * {@code stowage_events_handled_seconds{group, type, outcome}} (outcome {@code ok} or
 * {@code failed}; a failed one is retried or dead-lettered by the bus) and
 * {@code stowage_events_emitted_total{group, type}} for what the handlers emitted.
 */
public final class MeteredEventBus extends ForwardingEventBus {
    private final MeterRegistry meters;

    public MeteredEventBus(EventBus bus, MeterRegistry meters) {
        super(bus);
        this.meters = meters;
    }

    @Override
    public Subscription subscribe(String group, Pattern topics, int concurrency, EventHandler handler) {
        return bus.subscribe(group, topics, concurrency, (event, out) -> {
            long start = System.nanoTime();
            String outcome = "failed";
            List<String> emitted = new ArrayList<>();
            try {
                handler.handle(event, e -> {
                    out.emit(e);
                    emitted.add(e.type());
                });
                outcome = "ok";
                for (String type : emitted) {
                    Counter.builder("stowage.events.emitted").description("events emitted by handlers that returned, by group and type")
                            .tags("group", group, "type", type).register(meters).increment();
                }
            } finally {
                Timer.builder("stowage.events.handled").description("events handled, by group, type and outcome")
                        .tags("group", group, "type", event.type(), "outcome", outcome)
                        .register(meters).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        });
    }
}
