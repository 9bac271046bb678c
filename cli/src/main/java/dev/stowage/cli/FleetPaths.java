package dev.stowage.cli;

import dev.stowage.fleet.FolderCatalog;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every {@code fleet} command shares: where the catalog and the audit log are. */
final class FleetPaths {
    @Option(names = "--catalog", paramLabel = "DIR", description = "the fleet's catalog folder (default ~/.cache/stowage/catalog)") Path catalog;
    @Option(names = "--audit-log", paramLabel = "FILE", description = "JSONL log of every event (default ~/.cache/stowage/audit.jsonl)") Path auditLog;

    FolderCatalog openCatalog() throws IOException {
        return new FolderCatalog(catalog != null ? catalog : Defaults.catalog());
    }

    Path auditLog() {
        return auditLog != null ? auditLog : Defaults.auditLog();
    }
}
