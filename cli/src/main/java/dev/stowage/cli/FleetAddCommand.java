package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.fleet.Catalog;
import dev.stowage.fleet.CatalogEntry;
import dev.stowage.nix.cache.BinaryCacheClosures;
import dev.stowage.oci.ImageLocation;
import dev.stowage.publisher.base.BaseImageImporter;
import dev.stowage.spec.BuildInput;
import dev.stowage.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code stowage fleet add SPEC… --out TARGET}: reads each spec and its closure files (as
 * {@code build} does) and puts the resolved input into the catalog under the image's name. All
 * specs are checked before any is added.
 */
@Command(name = "add", description = "Add images (or replace them, by name) in the fleet's catalog.")
final class FleetAddCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "image specs (JSON)") List<Path> specs;
    @Option(names = "--out", required = true, paramLabel = "TARGET", converter = ImageLocationConverter.class,
            description = "where the images are published: oci:DIR or docker-archive:FILE (repeatable)") List<ImageLocation> outputs;
    @Option(names = "--blob-store", paramLabel = "URL", description = "where base images (fromImage) are imported (default ~/.cache/stowage/blobs)") String blobStore;
    @Mixin FleetPaths paths;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        List<CatalogEntry> entries = new ArrayList<>();
        ProcessContext process = ProcessContext.of(command);
        Connections connections = process.connections();
        try (BlobStore store = process.defaults().openBlobStore(blobStore)) {
            for (Path spec : specs) {
                try (BaseImageImporter bases = new BaseImageImporter(store, connections.registries())) {
                    BuildInput input = SpecLoader.load(spec, bases, new BinaryCacheClosures(connections.caches()), null, null);
                    entries.add(new CatalogEntry(input, outputs));
                }
            }
        }
        try (Catalog catalog = paths.openCatalog()) {
            for (CatalogEntry e : entries) {
                catalog.put(e);
                command.commandLine().getErr().println("added " + e.name() + " (" + e.input().platforms().size() + " platform(s), "
                        + e.input().platforms().stream().mapToInt(p -> p.closure().size()).sum() + " store paths) to " + catalog.describe());
            }
        }
        return ExitCodes.OK;
    }
}
