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

/** {@code stowage audit BUILD_ID --log FILE}: a build's whole timeline from the audit log. */
@Command(name = "audit", description = "Print a build's timeline: every stage's events, who emitted them, when, with digests.")
final class AuditCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUILD_ID") String buildId;
    @Option(names = "--log", paramLabel = "FILE", description = "audit log (default ~/.cache/stowage/audit.jsonl)") Path log;
    @Option(names = "--json", description = "print the events as JSON lines") boolean json;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        Path file = log != null ? log : Defaults.auditLog();
        if (!Files.exists(file)) throw new BadInputException(file.toString(), "no such audit log");
        List<AuditEntry> entries = AuditLogReader.read(file).stream()
                .filter(e -> e.event().buildId().equals(buildId))
                .sorted(Comparator.comparing((AuditEntry e) -> e.event().header().occurredAt()))
                .toList();
        if (entries.isEmpty()) throw new BadInputException(buildId, "no events for this build in " + file);
        PrintWriter out = command.commandLine().getOut();
        for (AuditEntry e : entries) {
            out.println(json ? Json.canonicalString(e) : Timeline.line(e.event()));
        }
        return ExitCodes.OK;
    }
}
