package dev.stowage.cli;

import dev.stowage.bus.JsonlAuditLog;
import dev.stowage.bus.ProducerId;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.BuildIds;
import dev.stowage.event.EventCodec;
import dev.stowage.event.EventHeader;
import dev.stowage.event.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine;

/**
 * A {@code stowage build} refused while its command line is read (an unknown flag, a bad
 * {@code --out}) is still a failed build: it gets its {@code BuildFailed} in the audit log, as a
 * build refused later does. Other commands start no build, so nothing is recorded for them.
 */
final class UsageFailures {
    private UsageFailures() {}

    static void record(CommandLine.ParameterException e, String line, String[] args, Defaults defaults) {
        if (!"stowage build".equals(e.getCommandLine().getCommandSpec().qualifiedName())) return;
        Path audit = auditLog(List.of(args), defaults);
        String input = e.getArgSpec() instanceof CommandLine.Model.OptionSpec o ? o.longestName()
                : e.getArgSpec() != null ? e.getArgSpec().paramLabel() : "command line";
        BuildFailed failed = new BuildFailed(EventHeader.create(BuildIds.random(), ProducerId.of("stowage-cli"), Clock.systemUTC()),
                "submit", BuildFailed.Kind.BAD_INPUT, input, line);
        try (JsonlAuditLog log = new JsonlAuditLog(audit)) {
            log.append(Topics.BUILD_FAILED, failed.partitionKey(), EventCodec.encode(failed));
        } catch (RuntimeException notWritable) {
            // the audit log itself may be what is wrong; the error line has been printed already
        }
    }

    private static Path auditLog(List<String> args, Defaults defaults) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--audit-log") && i + 1 < args.size()) return Path.of(args.get(i + 1));
            if (a.startsWith("--audit-log=")) return Path.of(a.substring("--audit-log=".length()));
        }
        return defaults.auditLog();
    }
}
