package dev.stowage.dashboard;

import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.AuditLogReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a JSONL audit log that builds append to: every complete line from the start, then each
 * new complete line (a half-written last line waits for its newline), checked every
 * {@link #INTERVAL}. A log that does not exist yet is waited for; one that shrank (replaced) is
 * read again from its start. Lines that are no event are skipped.
 */
public final class AuditLogTail implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(200);
    static final int CHUNK = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(AuditLogTail.class);
    private final Path file;
    private final Consumer<AuditEntry> sink;
    private final ScheduledExecutorService timer;
    private long offset;

    /** Starts following; {@code sink} gets each entry on the tail's own thread. */
    public AuditLogTail(Path file, Consumer<AuditEntry> sink) {
        this.file = file;
        this.sink = sink;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-log-tail");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::readNew, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads the complete lines after {@link #offset}, in chunks of {@link #CHUNK} (larger when one line is longer). */
    synchronized void readNew() {
        try {
            if (!Files.exists(file)) return;
            try (SeekableByteChannel ch = Files.newByteChannel(file)) {
                long size = ch.size();
                if (size < offset) offset = 0;
                int chunk = CHUNK;
                while (offset < size) {
                    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - offset, chunk));
                    ch.position(offset);
                    while (buf.hasRemaining() && ch.read(buf) >= 0) { /* fill */ }
                    int end = buf.position();
                    while (end > 0 && buf.get(end - 1) != '\n') end--;
                    if (end == 0) {
                        if (buf.hasRemaining() || buf.position() == size - offset) return; // the file shrank, or only a half-written last line
                        chunk = Math.multiplyExact(chunk, 2); // a line longer than the chunk
                        continue;
                    }
                    offset += end;
                    for (String line : new String(buf.array(), 0, end, StandardCharsets.UTF_8).split("\n")) entry(line);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read the audit log {}: {}", file, e.toString());
        }
    }

    private void entry(String line) {
        AuditEntry entry;
        try {
            entry = AuditLogReader.entry(line);
        } catch (IOException | RuntimeException notAnEvent) {
            LOG.debug("skipped a line of {} that is no event: {}", file, notAnEvent.toString());
            return;
        }
        if (entry != null) sink.accept(entry);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
