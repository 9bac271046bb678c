package dev.stowage.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.event.BuildFailed;
import dev.stowage.event.BuildIds;
import dev.stowage.event.EventCodec;
import dev.stowage.event.EventHeader;
import dev.stowage.event.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogReaderTest {
    @TempDir Path tmp;

    @Test
    void aLineStillBeingAppendedIsNotReadAndNotAnError() throws Exception {
        Path file = tmp.resolve("audit.jsonl");
        BuildFailed failed = new BuildFailed(EventHeader.create(BuildIds.random(), "test", Clock.systemUTC()),
                "submit", BuildFailed.Kind.BAD_INPUT, "image.json", "image.json: name: expected a string, got 42");
        try (JsonlAuditLog log = new JsonlAuditLog(file)) {
            log.append(Topics.BUILD_FAILED, failed.partitionKey(), EventCodec.encode(failed));
            log.append(Topics.BUILD_FAILED, failed.partitionKey(), EventCodec.encode(failed));
        }
        // a writer in the middle of its next line (longer than one read buffer of the reader's backward scan)
        Files.writeString(file, "{\"topic\":\"stowage.published\",\"key\":\"b\",\"event\":{\"x\":\"" + "y".repeat(20_000),
                StandardOpenOption.APPEND);

        assertThat(AuditLogReader.read(file)).hasSize(2).allSatisfy(e -> assertThat(e.event()).isEqualTo(failed));
    }

    @Test
    void aLogWithoutAnyCompleteLineIsEmpty() throws Exception {
        Path file = Files.writeString(tmp.resolve("audit.jsonl"), "{\"topic\":\"stowage.published\",\"ev");
        assertThat(AuditLogReader.read(file)).isEmpty();
    }
}
