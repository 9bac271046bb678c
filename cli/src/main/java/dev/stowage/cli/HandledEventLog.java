package dev.stowage.cli;

import dev.stowage.bus.EventBus;
import dev.stowage.bus.EventHandler;
import dev.stowage.bus.Failures;
import dev.stowage.bus.ForwardingEventBus;
import dev.stowage.bus.Subscription;
import dev.stowage.event.LayerTask;
import dev.stowage.event.StowageEvent;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A bus whose subscriptions log one line per handled event: time, role, outcome, event type, build
 * id, the event's digests and what the handler emitted. Layer tasks also get a {@code start} line
 * (they take long; it shows what a worker holds). Events carry no credentials, so neither do the lines.
 */
final class HandledEventLog extends ForwardingEventBus {
    private final String role;
    private final PrintWriter log;
    private final Clock clock;

    HandledEventLog(EventBus bus, String role, PrintWriter log, Clock clock) {
        super(bus);
        this.role = role;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public Subscription subscribe(String group, Pattern topics, int concurrency, EventHandler handler) {
        return bus.subscribe(group, topics, concurrency, (event, out) -> {
            long started = System.nanoTime();
            if (event instanceof LayerTask) log.println(line("start", event, ""));
            List<StowageEvent> emitted = new ArrayList<>();
            try {
                handler.handle(event, e -> {
                    emitted.add(e);
                    out.emit(e);
                });
            } catch (Exception | Error e) {
                log.println(line("failed", event, ": " + Failures.oneLine(e)));
                throw e;
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            log.println(line("done", event, " -> " + emitted(emitted) + " (" + ms + " ms)"));
        });
    }

    private String line(String what, StowageEvent e, String tail) {
        return clock.instant() + " " + role + " " + what + " " + e.type() + " build=" + e.buildId() + " " + Timeline.detail(e) + tail;
    }

    private static String emitted(List<StowageEvent> events) {
        if (events.isEmpty()) return "nothing";
        if (events.size() == 1) return events.get(0).type() + " " + Timeline.detail(events.get(0));
        return events.size() + " events (" + events.stream().map(StowageEvent::type).distinct().toList() + ")";
    }
}
