package dev.stowage.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.JsonlAuditLog;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.EventCodec;
import dev.stowage.event.EventHeader;
import dev.stowage.event.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The tail of an audit log: a log created after it started, a line longer than its read chunk, lines that are no event, a replaced log. */
class AuditLogTailTest {
    @TempDir Path tmp;

    static BuildFailed failed(String build, String message) {
        return new BuildFailed(EventHeader.create(build, "cli", Clock.systemUTC()), "submit", BuildFailed.Kind.BAD_INPUT, "", message);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void readsEveryCompleteEventLine() throws Exception {
        Path file = tmp.resolve("later/audit.jsonl");
        LinkedBlockingQueue<AuditEntry> seen = new LinkedBlockingQueue<>();
        try (AuditLogTail tail = new AuditLogTail(file, seen::add)) {
            assertThat(seen.poll(500, TimeUnit.MILLISECONDS)).as("no log yet").isNull();
            String longMessage = "x".repeat(AuditLogTail.CHUNK * 3 / 2);
            try (JsonlAuditLog log = new JsonlAuditLog(file)) {
                log.append(Topics.BUILD_FAILED, "a", EventCodec.encode(failed("a", "short")));
                log.append(Topics.BUILD_FAILED, "big", EventCodec.encode(failed("big", longMessage)));
                log.append(Topics.BUILD_FAILED + Topics.DLQ_SUFFIX, "dead", "not json".getBytes());
                log.append(Topics.BUILD_FAILED, "b", EventCodec.encode(failed("b", "short")));
            }
            Files.writeString(file, "{\"truncated\":\n", StandardOpenOption.APPEND);
            assertThat(seen.poll(10, TimeUnit.SECONDS).event().buildId()).isEqualTo("a");
            AuditEntry big = seen.poll(10, TimeUnit.SECONDS);
            assertThat(big.event().buildId()).isEqualTo("big");
            assertThat(((BuildFailed) big.event()).message()).hasSize(longMessage.length());
            assertThat(seen.poll(10, TimeUnit.SECONDS).event().buildId()).as("the dead letter and the broken line skipped").isEqualTo("b");
            assertThat(seen.poll(500, TimeUnit.MILLISECONDS)).isNull();

            try (JsonlAuditLog log = new JsonlAuditLog(tmp.resolve("new.jsonl"))) {
                log.append(Topics.BUILD_FAILED, "c", EventCodec.encode(failed("c", "short")));
            }
            Files.move(tmp.resolve("new.jsonl"), file, StandardCopyOption.REPLACE_EXISTING);
            assertThat(seen.poll(10, TimeUnit.SECONDS).event().buildId()).as("a shorter log replacing it is read from its start").isEqualTo("c");
        }
    }
}
