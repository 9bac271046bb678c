package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.AuditEntry;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stowage audit BUILD_ID|IMAGE@DIGEST (--log FILE | --kafka HOST:PORT)}: a build's whole
 * timeline from the audit log or from the topics. Given an image digest (index, manifest, config or
 * layer) it first finds the build that made it.
 */
@Command(name = "audit", description = "Print a build's timeline (every stage's events, who emitted them, when, with digests); "
        + "given NAME@sha256:…, the build that made that image, its inputs and workers.")
final class AuditCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUILD_ID|IMAGE@DIGEST") String subject;
    @Option(names = "--log", paramLabel = "FILE", description = "audit log (default ~/.cache/stowage/audit.jsonl)") Path log;
    @CommandLine.Mixin KafkaOptions kafka;
    @Option(names = "--blob-store", paramLabel = "URL", description = "with --kafka: the services' blob store, to read messages sent as claim checks") String blobStore;
    @Option(names = "--json", description = "print the events as JSON lines") boolean json;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        AuditTrail.checkOptions(kafka, log, command.commandLine());
        boolean fromKafka = kafka.address != null;
        if (!fromKafka && blobStore != null) throw new CommandLine.ParameterException(command.commandLine(), "--blob-store applies to --kafka only");
        AuditTrail trail;
        Defaults defaults = ProcessContext.of(command).defaults();
        try (BlobStore store = blobStore == null ? null : defaults.openBlobStore(blobStore)) {
            trail = AuditTrail.read(kafka, log, defaults, store, "");
        }
        String source = trail.source();
        List<AuditEntry> all = trail.entries();
        String buildId = subject.contains("@sha256:") ? BuildFinder.byDigest(all, subject, source) : subject;
        List<AuditEntry> entries = all.stream()
                .filter(e -> e.event().buildId().equals(buildId))
                .sorted(Comparator.comparing((AuditEntry e) -> e.event().header().occurredAt()))
                .toList();
        if (entries.isEmpty()) throw new BadInputException(buildId, "no events for this build in " + source);
        PrintWriter out = command.commandLine().getOut();
        if (!json && !buildId.equals(subject)) out.println(subject + " was made by build " + buildId + ":");
        for (AuditEntry e : entries) {
            out.println(json ? Json.canonicalString(e) : Timeline.line(e.event()));
        }
        return ExitCodes.OK;
    }
}
