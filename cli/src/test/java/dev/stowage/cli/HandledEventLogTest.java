package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.bus.InProcessEventBus;
import dev.stowage.bus.JsonlAuditLog;
import dev.stowage.bus.Subscription;
import dev.stowage.error.BadInputException;
import dev.stowage.event.EventHeader;
import dev.stowage.event.Published;
import dev.stowage.event.Topics;
import dev.stowage.oci.Digest;
import dev.stowage.testsupport.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service log: one line per handled event with its build id and digests, and a line per failure. */
class HandledEventLogTest {
    private static final Digest INDEX = Digest.parse("sha256:" + "ab".repeat(32));
    @TempDir Path tmp;

    private static void await(BooleanSupplier condition, StringWriter log) {
        Await.until(Duration.ofSeconds(20), "a line in the log", condition, log::toString);
    }

    @Test
    void logsHandledAndFailedEventsWithBuildIdAndDigests() throws Exception {
        StringWriter log = new StringWriter();
        Clock clock = Clock.systemUTC();
        try (InProcessEventBus inner = InProcessEventBus.withAuditLog(new JsonlAuditLog(tmp.resolve("audit.jsonl")))) {
            HandledEventLog bus = new HandledEventLog(inner, "publisher", new PrintWriter(log, true), clock);
            try (Subscription s = bus.subscribe("test", Topics.exactly(Topics.PUBLISHED), 1, (event, out) -> {
                if (event.buildId().equals("b-bad")) throw new BadInputException("spec.json: name", "is empty");
            })) {
                bus.publish(new Published(EventHeader.create("b-ok", "test", clock), INDEX, List.of()));
                bus.publish(new Published(EventHeader.create("b-bad", "test", clock), INDEX, List.of()));
                await(() -> log.toString().contains("b-ok") && log.toString().contains("b-bad"), log);
            }
        }
        List<String> lines = log.toString().lines().toList();
        assertThat(lines).anyMatch(l -> l.contains(" publisher done Published build=b-ok index " + INDEX) && l.contains("-> nothing"));
        assertThat(lines).anyMatch(l -> l.contains(" publisher failed Published build=b-bad") && l.contains("spec.json: name"));
    }
}
