package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.json.Json;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.cache.BinaryCacheClosures;
import dev.stowage.planner.LayerPlan;
import dev.stowage.planner.LayerPlanner;
import dev.stowage.planner.PlannedLayer;
import dev.stowage.publisher.base.BaseImageImporter;
import dev.stowage.spec.BuildInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage plan SPEC}: prints the layer plan (per layer its store paths and NAR bytes). */
@Command(name = "plan", description = "Print the layer plan of an image spec.")
final class PlanCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC", description = "image spec (JSON); or give --dockertools-conf") Path spec;
    @CommandLine.Mixin DockerToolsOptions dockerTools;
    @Option(names = "--store-root", paramLabel = "DIR", description = "with --dockertools-conf: the customisation layer's store path is read under DIR (default /)") Path storeRoot = Path.of("/");
    @Option(names = "--json", description = "print the plan as JSON") boolean json;
    @Option(names = "--blob-store", paramLabel = "URL", description = "where a fromImage base is imported (default ~/.cache/stowage/blobs)") String blobStore;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    record LayerJson(int index, long narBytes, List<String> paths) {}

    record PlatformJson(String platform, List<LayerJson> layers) {}

    @Override
    public Integer call() throws IOException {
        BuildInput input;
        ProcessContext process = ProcessContext.of(command);
        Connections connections = process.connections();
        try (BlobStore store = process.defaults().openBlobStore(blobStore); BaseImageImporter bases = new BaseImageImporter(store, connections.registries())) {
            input = dockerTools.load(spec, bases, new BinaryCacheClosures(connections.caches()), null, storeRoot, store, null);
        }
        List<LayerPlan> plans = LayerPlanner.plan(input);
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            List<PlatformJson> platforms = plans.stream().map(p -> new PlatformJson(p.platform().toString(), p.layers().stream()
                    .map(l -> new LayerJson(l.index(), l.narBytes(), l.paths().stream().map(i -> i.path().toString()).toList()))
                    .toList())).toList();
            out.println(Json.canonicalString(platforms));
            return ExitCodes.OK;
        }
        out.println(input.spec().name() + ":" + input.tag());
        for (LayerPlan p : plans) {
            out.println(p.platform() + ": " + p.layers().size() + " store layers (maxLayers " + p.maxLayers() + ")");
            for (PlannedLayer l : p.layers()) {
                out.printf("  layer %d  %s%n", l.index() + 1, Sizes.human(l.narBytes()));
                for (PathInfo i : l.paths()) out.printf("    %-10s %s%n", Sizes.human(i.narSize()), i.path());
            }
        }
        return ExitCodes.OK;
    }
}
