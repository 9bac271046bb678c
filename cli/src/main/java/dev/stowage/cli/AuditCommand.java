package dev.stowage.cli;

import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.AuditLogReader;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stowage audit BUILD_ID|IMAGE@DIGEST --log FILE}: a build's whole timeline from the audit
 * log. Given an image digest (index, manifest, config or layer) it first finds the build that made it.
 */
@Command(name = "audit", description = "Print a build's timeline (every stage's events, who emitted them, when, with digests); "
        + "given NAME@sha256:…, the build that made that image, its inputs and workers.")
final class AuditCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUILD_ID|IMAGE@DIGEST") String subject;
    @Option(names = "--log", paramLabel = "FILE", description = "audit log (default ~/.cache/stowage/audit.jsonl)") Path log;
    @Option(names = "--json", description = "print the events as JSON lines") boolean json;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        Path file = log != null ? log : Defaults.auditLog();
        if (!Files.exists(file)) throw new BadInputException(file.toString(), "no such audit log");
        List<AuditEntry> all = AuditLogReader.read(file);
        String buildId = subject.contains("@sha256:") ? BuildFinder.byDigest(all, subject, file) : subject;
        List<AuditEntry> entries = all.stream()
                .filter(e -> e.event().buildId().equals(buildId))
                .sorted(Comparator.comparing((AuditEntry e) -> e.event().header().occurredAt()))
                .toList();
        if (entries.isEmpty()) throw new BadInputException(buildId, "no events for this build in " + file);
        PrintWriter out = command.commandLine().getOut();
        if (!json && !buildId.equals(subject)) out.println(subject + " was made by build " + buildId + ":");
        for (AuditEntry e : entries) {
            out.println(json ? Json.canonicalString(e) : Timeline.line(e.event()));
        }
        return ExitCodes.OK;
    }
}
