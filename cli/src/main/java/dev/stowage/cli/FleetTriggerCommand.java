package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.Failures;
import dev.stowage.bus.ProducerId;
import dev.stowage.error.BadInputException;
import dev.stowage.event.EventHeader;
import dev.stowage.event.StorePathsChanged;
import dev.stowage.event.StorePathsChanged.NewRoots;
import dev.stowage.event.StorePathsChanged.Replacement;
import dev.stowage.fleet.FleetIds;
import dev.stowage.json.Json;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.ClosureGraphReader;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stowage fleet trigger --replace OLD=NEW… [--root IMAGE[@OS/ARCH]=PATH…] --closure FILE}:
 * publishes a {@code StorePathsChanged} and runs the fleet rebuild it starts. The closure file is
 * {@code nix path-info --json -r NEW…}: the new paths' infos travel in the event; their files
 * must be where the workers read store paths ({@code --store-root}). With {@code --kafka} the change
 * is only published, for the fleet of {@code stowage serve planner --catalog …}.
 */
@Command(name = "trigger", description = "Report changed store paths and rebuild exactly the images that contain them.")
final class FleetTriggerCommand implements Callable<Integer> {
    @Option(names = "--replace", paramLabel = "OLD=NEW", description = "store path OLD is replaced by NEW in every image that holds it (repeatable)") List<String> replace = List.of();
    @Option(names = "--root", paramLabel = "IMAGE[@OS/ARCH]=PATH", description = "a new root of an image (repeatable; several make its new root set)") List<String> roots = List.of();
    @Option(names = "--closure", paramLabel = "FILE", description = "nix path-info --json -r of the new paths") Path closure;
    @Option(names = "--source", paramLabel = "TEXT", description = "who reports the change, for the audit log (default: cli)") String source = "cli";
    @Mixin FleetPaths paths;
    @Mixin FleetRunOptions options;
    @Mixin KafkaOptions kafka;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        String fleetId = FleetIds.random();
        if (kafka.address != null) return publishToKafka(fleetId);
        return FleetRunner.run(command, paths, options, fleetId, (fleet, clock) -> fleet.bus().publish(change(fleetId, clock)));
    }

    /**
     * {@code --kafka}: only publishes the change; the planner service's fleet plans it. Prints the
     * fleet rebuild id (follow it with {@code fleet status ID --kafka}). {@code --blob-store}, if
     * given, takes a change above Kafka's size limit (claim check).
     */
    private int publishToKafka(String fleetId) throws Exception {
        kafka.require(command.commandLine());
        Clock clock = Clock.systemUTC();
        try (BlobStore store = options.blobStore == null ? null : ProcessContext.of(command).defaults().openBlobStore(options.blobStore);
                var bus = kafka.openBus("cli", store, false)) {
            try {
                bus.publish(change(fleetId, clock));
            } catch (BadInputException e) {
                bus.publish(Failures.buildFailed(fleetId, "submit", e, ProducerId.of("stowage-cli"), clock));
                throw e;
            }
        }
        var out = command.commandLine().getOut();
        out.println(options.json ? Json.canonicalString(Map.of("fleetRebuild", fleetId)) : fleetId);
        return ExitCodes.OK;
    }

    private StorePathsChanged change(String fleetId, Clock clock) throws IOException {
        List<Replacement> replacements = new ArrayList<>();
        for (String r : replace) {
            String[] parts = split(r, "--replace");
            try {
                replacements.add(new Replacement(StorePath.parse(parts[0]), StorePath.parse(parts[1])));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--replace " + r, e.getMessage());
            }
        }
        Map<String, List<StorePath>> newRoots = new LinkedHashMap<>();
        for (String r : roots) {
            String[] parts = split(r, "--root");
            try {
                newRoots.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(StorePath.parse(parts[1]));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--root " + r, e.getMessage());
            }
        }
        List<NewRoots> rootChanges = new ArrayList<>();
        for (Map.Entry<String, List<StorePath>> e : newRoots.entrySet()) {
            String image = e.getKey();
            int at = image.indexOf('@');
            try {
                Platform platform = at < 0 ? null : Platform.parse(image.substring(at + 1));
                rootChanges.add(new NewRoots(at < 0 ? image : image.substring(0, at), platform, e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new BadInputException("--root " + image, ex.getMessage());
            }
        }
        if (closure == null) throw new BadInputException("--closure", "required: the output of nix path-info --json -r for the new paths");
        ClosureGraph graph;
        try {
            graph = ClosureGraphReader.read(Files.readAllBytes(closure));
        } catch (NoSuchFileException e) {
            throw new BadInputException(closure.toString(), "no such file");
        } catch (IllegalArgumentException e) {
            throw new BadInputException(closure.toString(), e.getMessage());
        }
        try {
            return new StorePathsChanged(EventHeader.create(fleetId, ProducerId.of("stowage-cli"), clock), replacements, rootChanges,
                    graph.infos(), source);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("the change", e.getMessage());
        }
    }

    private static String[] split(String text, String option) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) throw new BadInputException(option + " " + text, "expected LEFT=RIGHT");
        return new String[] {text.substring(0, eq), text.substring(eq + 1)};
    }
}
