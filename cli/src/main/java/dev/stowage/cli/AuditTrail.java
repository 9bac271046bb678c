package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.AuditLogReader;
import dev.stowage.bus.kafka.TopicTimelineReader;
import dev.stowage.error.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * The events a command reads back: from the JSONL audit log ({@code --log}, default
 * {@code ~/.cache/stowage/audit.jsonl}) or from the topics ({@code --kafka}); {@code source} says
 * which, for messages.
 */
record AuditTrail(String source, List<AuditEntry> entries) {
    /** Refuses {@code --log} with {@code --kafka}, and {@code --kafka} without what it needs. */
    static void checkOptions(KafkaOptions kafka, Path log, CommandLine cl) {
        if (kafka.address == null) return;
        kafka.require(cl);
        if (log != null) throw new CommandLine.ParameterException(cl, "--log and --kafka exclude each other");
    }

    /**
     * Reads the trail (without {@code --kafka}, {@code log} or else the default audit log of {@code defaults});
     * {@code store} (may be null) resolves claim-checked messages on the topics;
     * {@code whyNeeded} ends the message when the log does not exist.
     */
    static AuditTrail read(KafkaOptions kafka, Path log, Defaults defaults, BlobStore store, String whyNeeded) throws IOException {
        if (kafka.address != null) {
            return new AuditTrail("the topics of " + kafka.address + (kafka.namespace.isEmpty() ? "" : " in namespace " + kafka.namespace),
                    new TopicTimelineReader(kafka.address.toString(), kafka.namespace, store).readAll());
        }
        Path file = log != null ? log : defaults.auditLog();
        if (!Files.exists(file)) throw new BadInputException(file.toString(), "no such audit log" + whyNeeded);
        return new AuditTrail(file.toString(), AuditLogReader.read(file));
    }
}
