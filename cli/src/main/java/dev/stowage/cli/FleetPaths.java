package dev.stowage.cli;

import dev.stowage.error.BadInputException;
import dev.stowage.fleet.Catalog;
import dev.stowage.fleet.Catalogs;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every {@code fleet} command shares: where the catalog and the audit log are. */
final class FleetPaths {
    @Option(names = "--catalog", paramLabel = "DIR|kafka://HOST:PORT/TOPIC",
            description = "the fleet's catalog: a folder or a compacted Kafka topic (default ~/.cache/stowage/catalog)") String catalog;
    @Option(names = "--audit-log", paramLabel = "FILE", description = "JSONL log of every event (default ~/.cache/stowage/audit.jsonl)") Path auditLog;
    @Spec(Spec.Target.MIXEE) CommandSpec command;

    Catalog openCatalog() throws IOException {
        try {
            return Catalogs.open(catalog != null ? catalog : ProcessContext.of(command).defaults().catalog().toString());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--catalog", e.getMessage());
        }
    }

    Path auditLog() {
        return auditLog != null ? auditLog : ProcessContext.of(command).defaults().auditLog();
    }
}
