package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.EventBus;
import dev.stowage.bus.Failures;
import dev.stowage.bus.ProducerId;
import dev.stowage.error.BadInputException;
import dev.stowage.error.StowageException;
import dev.stowage.nix.cache.BinaryCacheClosures;
import dev.stowage.oci.ImageLocation;
import dev.stowage.publisher.base.BaseImageImporter;
import dev.stowage.registry.CredentialResolver;
import dev.stowage.spec.BuildInput;
import dev.stowage.spec.CacheSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code build} and {@code submit} both read: the spec, the outputs and where store paths come from. */
final class InputOptions {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC", description = "image spec (JSON); or give --dockertools-conf") Path spec;
    @Mixin DockerToolsOptions dockerTools;
    @Option(names = "--out", required = true, paramLabel = "TARGET", converter = ImageLocationConverter.class,
            description = "oci:DIR, docker-archive:FILE, docker-archive:- (stdout), docker://HOST/REPO[:TAG] or docker-daemon:NAME[:TAG] (repeatable; all or none are written)") List<ImageLocation> outputs;
    @Option(names = "--tls-verify", arity = "1", paramLabel = "BOOL", description = "false: talk plain HTTP to every registry (loopback registries always are)") boolean tlsVerify = true;
    @Option(names = "--creds", paramLabel = "USER:PASSWORD", description = "credentials for the registry of the docker:// outputs (and a fromImage on it)") String creds;
    @Option(names = "--cache", paramLabel = "URL", description = "read store paths from this binary cache (file://, http(s)://, s3://) for platforms without a closure file") String cache;
    @Option(names = "--trusted-public-key", paramLabel = "NAME:BASE64", description = "a key narinfo signatures may be made with (repeatable)") List<String> trustedKeys = List.of();
    @Option(names = "--allow-unsigned", description = "accept unsigned paths from --cache") boolean allowUnsigned;
    @Option(names = "--files-root", paramLabel = "DIR",
            description = "files[].source may read files under DIR (default: only under the spec's folder; symlinks are followed)") Path filesRoot;

    RegistryFlags registry() {
        return new RegistryFlags(tlsVerify, creds);
    }

    /** Credentials for registries: {@code --creds} for the one registry the outputs name, else those {@code environment} names. */
    CredentialResolver credentials(Environment environment) {
        return registry().credentials(outputs, environment);
    }

    /**
     * Resolves the spec into a build input (base image blobs are copied, or pulled through
     * {@code connections}' registries, into {@code store}; closures walked in its binary caches).
     */
    BuildInput load(BlobStore store, Connections connections) {
        return load(store, connections, Path.of("/"));
    }

    /** As above; a dockerTools customisation layer that is a store path is read under {@code storeRoot}. */
    BuildInput load(BlobStore store, Connections connections, Path storeRoot) {
        try (BaseImageImporter bases = new BaseImageImporter(store, connections.registries())) {
            return dockerTools.load(spec, bases, new BinaryCacheClosures(connections.caches()), cacheSource(), storeRoot, store, filesRoot);
        }
    }

    /** The spec or conf file, for messages. */
    String source() {
        return dockerTools.describe(spec);
    }

    private CacheSource cacheSource() {
        if (cache == null) return null;
        try {
            return new CacheSource(cache, trustedKeys, allowUnsigned);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--cache", e.getMessage());
        }
    }

    /**
     * Runs a submission step; a failure (bad input, an unreachable base registry) becomes the build's
     * {@code BuildFailed} (stage {@code submit}) and is rethrown.
     */
    static <T> T orBuildFailed(EventBus bus, String buildId, Clock clock, Supplier<T> step) {
        try {
            return step.get();
        } catch (StowageException e) {
            bus.publish(Failures.buildFailed(buildId, "submit", e, ProducerId.of("stowage-cli"), clock));
            throw e;
        }
    }
}
