package dev.stowage.cli;

import dev.stowage.dashboard.Dashboard;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stowage dashboard [--audit-log FILE] [--port N] [--bind ADDR]}: the read-only build dashboard
 * of local builds, following the audit log they append to, until SIGTERM. ({@code stowage serve
 * dashboard --kafka …} follows the topics instead.)
 */
@Command(name = "dashboard", description = "Serve the read-only build dashboard (recent builds, each build's timeline, fleet rebuilds) "
        + "for local builds, following their audit log live; until SIGTERM. 'stowage serve dashboard --kafka …' follows the topics.")
final class DashboardCommand implements Callable<Integer> {
    @Option(names = "--audit-log", paramLabel = "FILE", description = "the audit log the builds append to (default ~/.cache/stowage/audit.jsonl; "
            + "it may not exist yet)") Path auditLog;
    @CommandLine.Mixin DashboardOptions http;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        ProcessContext process = ProcessContext.of(command);
        Path file = (auditLog != null ? auditLog : process.defaults().auditLog()).toAbsolutePath();
        return http.serve(command.commandLine(), "the audit log " + file, (host, port) -> Dashboard.onAuditLog(process.vertx().get(), file, host, port),
                new ShutdownSignal());
    }
}
