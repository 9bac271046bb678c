package dev.stowage.cli;

import dev.stowage.error.BadInputException;
import dev.stowage.registryserver.AccessGate;
import dev.stowage.spec.CacheSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stowage serve registry}: the pull side of the OCI distribution API, served from the blob
 * store, until SIGTERM. Names resolve to the fleet's catalog images, then to package lists built on
 * demand: on the services with {@code --kafka}, else on an embedded pipeline in this process.
 */
@Command(name = "registry", description = "Serve images over the OCI distribution API (pull only): catalog images, and package lists built on demand.")
final class RegistryServeCommand implements Callable<Integer> {
    @CommandLine.Mixin KafkaOptions kafka;
    @CommandLine.Mixin RegistryAuthOptions auth;
    @Option(names = "--blob-store", paramLabel = "URL",
            description = "the blob store images are served from and built into: DIR, file:DIR or s3://bucket/prefix?endpoint=…&region=… (default ~/.cache/stowage/blobs)") String blobStore;
    @Option(names = "--catalog", paramLabel = "DIR|kafka://HOST:PORT/TOPIC", description = "serve the fleet's catalog images (their latest published builds)") String catalog;
    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "without --kafka: the JSONL log catalog builds are read from and on-demand builds are written to (default ~/.cache/stowage/audit.jsonl)") Path auditLog;
    @Option(names = "--package-index", paramLabel = "FILE|URL",
            description = "serve package lists (NAME/NAME/…) against this index: {\"SYSTEM\": {\"ATTRIBUTE\": \"/nix/store/…\"}}; a file, file:, http:// or https:// URL, read once at start (a new revision needs a restart)")
    String packageIndex;
    @Option(names = "--cache", paramLabel = "URL", description = "the binary cache package lists are built from (file://, http(s)://, s3://)") String cache;
    @Option(names = "--trusted-public-key", paramLabel = "NAME:BASE64", description = "a key narinfo signatures may be made with (repeatable)") List<String> trustedKeys = List.of();
    @Option(names = "--allow-unsigned", description = "accept unsigned paths from --cache") boolean allowUnsigned;
    @Option(names = "--port", paramLabel = "N", description = "port to listen on (default 5000; 0 picks a free port, printed)") int port = 5000;
    @Option(names = "--bind", paramLabel = "ADDR", description = "address to listen on (default 127.0.0.1)") String bind = "127.0.0.1";
    @Option(names = "--pull-timeout", paramLabel = "SECONDS",
            description = "how long a pull waits for its image's build before it is told to retry (503, Retry-After); the build goes on (default 60)") long pullTimeoutSeconds = 60;
    @Option(names = "--workers", paramLabel = "N", description = "without --kafka: layer worker threads of the embedded pipeline (default: number of CPUs)")
    int workers = Runtime.getRuntime().availableProcessors();
    @Option(names = "--redirect-blobs", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "answer blob GETs with a 307 redirect to a presigned URL when the blob store is S3 (default on; --no-redirect-blobs streams them)")
    boolean redirectBlobs = true;
    @Option(names = "--redirect-ttl", paramLabel = "SECONDS", description = "how long a redirect's presigned URL is valid (default 900)") long redirectTtlSeconds = 900;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = command.commandLine();
        if (kafka.address != null) kafka.require(cl);
        if (kafka.address != null && auditLog != null) throw usage("--audit-log is for the embedded mode: with --kafka the topics are the trail");
        if (port < 0 || port > 65535) throw usage("--port must be 0-65535, got " + port);
        if (pullTimeoutSeconds < 1) throw usage("--pull-timeout must be at least 1, got " + pullTimeoutSeconds);
        if (redirectTtlSeconds < 1 || redirectTtlSeconds > 7 * 24 * 3600) throw usage("--redirect-ttl must be 1-604800 (S3's limit is 7 days), got " + redirectTtlSeconds);
        if (workers < 1) throw usage("--workers must be at least 1, got " + workers);
        if (catalog == null && packageIndex == null) throw usage("nothing to serve: give --catalog, --package-index, or both");
        if (packageIndex != null && cache == null) throw usage("--package-index needs --cache URL: package lists are built from a binary cache");
        if (packageIndex == null && cache != null) throw usage("--cache applies to --package-index only");
        CacheSource source = null;
        if (cache != null) {
            try {
                source = new CacheSource(cache, trustedKeys, allowUnsigned);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--cache", e.getMessage());
            }
        }
        AccessGate gate = auth.gate(cl, Clock.systemUTC());
        RegistryService.Config config = new RegistryService.Config(kafka.address == null ? null : kafka, blobStore, catalog,
                auditLog != null ? auditLog : ProcessContext.of(command).defaults().auditLog(), packageIndex, source, bind, port, Duration.ofSeconds(pullTimeoutSeconds), workers,
                redirectBlobs ? Optional.of(Duration.ofSeconds(redirectTtlSeconds)) : Optional.empty(), gate, auth.describe());
        return new RegistryService(config, ProcessContext.of(command), cl.getOut()).run(new ShutdownSignal());
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(command.commandLine(), message);
    }
}
