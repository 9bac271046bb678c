package dev.stowage.cli;

import dev.stowage.bus.AuditLogReader;
import dev.stowage.error.BadInputException;
import dev.stowage.fleet.ReverseIndex;
import dev.stowage.json.Json;
import dev.stowage.nix.StorePath;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage fleet contains PATH|NAME}: which published images and layers hold a store path (or any path of that name). */
@Command(name = "contains", description = "Which images and layers hold a store path (/nix/store/…) or a path name (openssl-3.0.13).")
final class FleetContainsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PATH|NAME") String subject;
    @Option(names = "--json", description = "one JSON object per layer") boolean json;
    @Mixin FleetPaths paths;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        Path log = paths.auditLog();
        if (!Files.exists(log)) throw new BadInputException(log.toString(), "no such audit log");
        ReverseIndex index = ReverseIndex.replay(AuditLogReader.read(log));
        List<ReverseIndex.Hit> hits;
        if (subject.startsWith("/")) {
            try {
                hits = index.containing(StorePath.parse(subject));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(subject, e.getMessage());
            }
        } else {
            hits = index.named(subject);
        }
        PrintWriter out = command.commandLine().getOut();
        for (ReverseIndex.Hit h : hits) {
            out.println(json ? Json.canonicalString(h)
                    : h.image() + " " + h.platform() + " layer " + (h.layerIndex() + 1) + " " + h.layer() + " " + h.path());
        }
        return ExitCodes.OK;
    }
}
