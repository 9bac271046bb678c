package dev.stowage.cli;

import dev.stowage.error.BadInputException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code stowage fleet remove NAME}: the image is no longer the fleet's (its published outputs stay). */
@Command(name = "remove", description = "Remove an image from the fleet's catalog (published images are left alone).")
final class FleetRemoveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "image name") String name;
    @Mixin FleetPaths paths;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        try (var catalog = paths.openCatalog()) {
            if (!catalog.remove(name)) throw new BadInputException(name, "is not in the catalog " + catalog.describe());
        }
        command.commandLine().getErr().println("removed " + name);
        return ExitCodes.OK;
    }
}
