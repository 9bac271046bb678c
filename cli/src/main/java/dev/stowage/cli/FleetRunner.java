package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.Failures;
import dev.stowage.bus.ProducerId;
import dev.stowage.error.BadInputException;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.FleetImageRebuilt;
import dev.stowage.event.FleetRebuildFinished;
import dev.stowage.event.StowageEvent;
import dev.stowage.fleet.Catalog;
import dev.stowage.fleet.EmbeddedFleet;
import dev.stowage.json.Json;
import dev.stowage.worker.LocalStoreContents;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs one fleet rebuild in this process: starts the embedded fleet, lets the command start the
 * rebuild (publish a change or plan a build), waits for it and prints one line per image and the
 * totals (or JSON). Exit 0 when every image was republished, 1 when one failed, 2 for a bad change.
 */
final class FleetRunner {
    /** Starts rebuild {@code fleetId} on a running fleet. */
    @FunctionalInterface
    interface Start {
        void start(EmbeddedFleet fleet, Clock clock) throws Exception;
    }

    private FleetRunner() {}

    static int run(CommandLine.Model.CommandSpec command, FleetPaths paths, FleetRunOptions options, String fleetId, Start start)
            throws Exception {
        if (options.workers < 1) throw new BadInputException("--workers", "must be at least 1");
        Clock clock = Clock.systemUTC();
        PrintWriter err = command.commandLine().getErr();
        try (Catalog catalog = paths.openCatalog();
                BlobStore store = ProcessContext.of(command).defaults().openBlobStore(options.blobStore);
                EmbeddedFleet fleet = new EmbeddedFleet(paths.auditLog(), catalog, clock, bus -> new EmbeddedPipeline(bus, store,
                        new Stages.Options(new LocalStoreContents(options.storeRoot), options.workers, null, null, clock, ProcessContext.of(command).connections())));
                FleetWatcher watcher = new FleetWatcher(fleet.bus(), fleetId, r -> err.println(line(r)))) {
            try {
                start.start(fleet, clock);
            } catch (BadInputException e) {
                fleet.bus().publish(Failures.buildFailed(fleetId, "submit", e, ProducerId.of("stowage-cli"), clock));
                throw e;
            }
            StowageEvent outcome = watcher.await(Duration.ofSeconds(options.timeoutSeconds));
            if (outcome instanceof BuildFailed f) {
                err.println("stowage: error: " + f.message());
                return f.kind() == BuildFailed.Kind.BAD_INPUT ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
            }
            FleetRebuildFinished done = (FleetRebuildFinished) outcome;
            report(command, options.json, fleetId, done, watcher.images());
            return done.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    static String line(FleetImageRebuilt r) {
        String what = r.republished() ? "republished " + r.index() : "FAILED: " + r.failure();
        return "  " + r.image() + " " + what + " (layers built " + r.layersBuilt() + ", reused " + r.layersReused() + ")";
    }

    private static void report(CommandLine.Model.CommandSpec command, boolean json, String fleetId, FleetRebuildFinished done,
            List<FleetImageRebuilt> images) {
        if (json) {
            command.commandLine().getOut().println(Json.canonicalString(Map.of("fleetRebuild", fleetId, "totals", done, "images", images)));
            return;
        }
        command.commandLine().getErr().println(summary(fleetId, done));
    }

    static String summary(String fleetId, FleetRebuildFinished d) {
        if (d.images() == 0) return "fleet rebuild " + fleetId + ": no image contains the changed paths; nothing to rebuild";
        return "fleet rebuild " + fleetId + ": " + d.republished() + " of " + d.images() + " images republished, " + d.failed()
                + " failed; layers built " + d.layersBuilt() + " (" + Sizes.human(d.bytesBuilt()) + "), reused " + d.layersReused();
    }
}
