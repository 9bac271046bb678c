package dev.stowage.cli;

import dev.stowage.fleet.CatalogEntry;
import dev.stowage.json.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stowage fleet list}: one line per image: name, tag, platforms, store paths, outputs. */
@Command(name = "list", description = "List the fleet's images.")
final class FleetListCommand implements Callable<Integer> {
    @Option(names = "--json", description = "one JSON object per image: name, tag, input digest, platforms, outputs") boolean json;
    @Mixin FleetPaths paths;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        List<CatalogEntry> entries;
        try (var catalog = paths.openCatalog()) {
            entries = catalog.list();
        }
        for (CatalogEntry e : entries) {
            List<String> platforms = e.input().platforms().stream().map(p -> p.platform() + " (" + p.closure().size() + " paths)").toList();
            if (json) {
                out.println(Json.canonicalString(Map.of("name", e.name(), "tag", e.input().tag(), "input", e.input().digest().toString(),
                        "platforms", platforms, "outputs", e.outputs().stream().map(Object::toString).toList())));
            } else {
                out.println(e.name() + ":" + e.input().tag() + "  " + String.join(", ", platforms) + "  -> " + e.outputs());
            }
        }
        return ExitCodes.OK;
    }
}
