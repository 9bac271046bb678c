package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.error.BadInputException;
import dev.stowage.spec.BaseImageResolver;
import dev.stowage.spec.BuildInput;
import dev.stowage.spec.CacheClosures;
import dev.stowage.spec.CacheSource;
import dev.stowage.spec.SpecLoader;
import dev.stowage.spec.dockertools.DockerToolsLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The input is either a spec (the SPEC parameter) or a dockerTools {@code conf.json} with its closure. */
final class DockerToolsOptions {
    @Option(names = "--dockertools-conf", paramLabel = "CONF.json",
            description = "build from the conf.json of nixpkgs' dockerTools.streamLayeredImage (its passthru.conf) instead of a SPEC")
    Path conf;
    @Option(names = "--closure", paramLabel = "FILE",
            description = "with --dockertools-conf: nix path-info --json -r of the store_layers paths (or give --cache)")
    Path closure;

    /** The build input from {@code spec} or from the conf; exactly one must be given. {@code closures} walks {@code cache}. */
    BuildInput load(Path spec, BaseImageResolver bases, CacheClosures closures, CacheSource cache, Path storeRoot, BlobStore store,
            Path filesRoot) {
        if (spec != null && conf != null) throw new BadInputException("--dockertools-conf", "give either a SPEC or --dockertools-conf, not both");
        if (spec == null && conf == null) throw new BadInputException("SPEC", "give an image spec, or --dockertools-conf CONF.json");
        if (conf == null) {
            if (closure != null) throw new BadInputException("--closure", "only with --dockertools-conf (a spec names its closure files)");
            return SpecLoader.load(spec, bases, closures, cache, filesRoot);
        }
        return DockerToolsLoader.load(conf, closure, cache, storeRoot, bases, closures, store);
    }

    /** What the input is, for messages. */
    String describe(Path spec) {
        return conf != null ? conf.toString() : String.valueOf(spec);
    }
}
