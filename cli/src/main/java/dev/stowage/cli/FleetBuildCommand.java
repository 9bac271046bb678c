package dev.stowage.cli;

import dev.stowage.error.BadInputException;
import dev.stowage.fleet.Catalog;
import dev.stowage.fleet.CatalogEntry;
import dev.stowage.fleet.FleetIds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code stowage fleet build [NAME…]}: builds the catalog's images (all, or the named) as one fleet rebuild. */
@Command(name = "build", description = "Build and publish the fleet's images (all, or the named ones) as one fleet rebuild.")
final class FleetBuildCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "NAME", description = "image names (default: every image in the catalog)") List<String> names = List.of();
    @Mixin FleetPaths paths;
    @Mixin FleetRunOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        String fleetId = FleetIds.random();
        return FleetRunner.run(command, paths, options, fleetId, (fleet, clock) -> {
            List<CatalogEntry> entries = selected(fleet.catalog());
            if (entries.isEmpty()) throw new BadInputException(fleet.catalog().describe(), "the catalog is empty; add images with `stowage fleet add`");
            fleet.planner().plan(fleetId, "build", entries, fleet.bus()::publish);
        });
    }

    private List<CatalogEntry> selected(Catalog catalog) throws IOException {
        if (names.isEmpty()) return catalog.list();
        List<CatalogEntry> entries = new ArrayList<>();
        for (String name : names) {
            Optional<CatalogEntry> e = catalog.get(name);
            entries.add(e.orElseThrow(() -> new BadInputException(name, "is not in the catalog")));
        }
        return entries;
    }
}
