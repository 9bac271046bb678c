package dev.stowage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code stowage fleet …}: the images a fleet owns and their rebuilds when store paths change. */
@Command(name = "fleet", description = "Manage a fleet of images and rebuild exactly the ones a store path change affects.",
        subcommands = {FleetAddCommand.class, FleetRemoveCommand.class, FleetListCommand.class, FleetBuildCommand.class,
                FleetTriggerCommand.class, FleetStatusCommand.class, FleetContainsCommand.class})
final class FleetCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a fleet command is required (add, remove, list, build, trigger, status, contains)");
    }
}
