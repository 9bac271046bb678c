package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.AuditLogReader;
import dev.stowage.bus.EventBus;
import dev.stowage.bus.InProcessEventBus;
import dev.stowage.bus.JsonlAuditLog;
import dev.stowage.bus.RetryPolicy;
import dev.stowage.bus.kafka.TopicTimelineReader;
import dev.stowage.error.BadInputException;
import dev.stowage.fleet.Catalog;
import dev.stowage.fleet.CatalogEntry;
import dev.stowage.fleet.Catalogs;
import dev.stowage.http.HandlerServer;
import dev.stowage.nix.cache.BinaryCacheClosures;
import dev.stowage.registryserver.AccessGate;
import dev.stowage.registryserver.BuildHistory;
import dev.stowage.registryserver.CatalogSource;
import dev.stowage.registryserver.EventTrail;
import dev.stowage.registryserver.ImageSource;
import dev.stowage.registryserver.Names;
import dev.stowage.registryserver.OnDemandBuilds;
import dev.stowage.registryserver.PackageIndex;
import dev.stowage.registryserver.PackageIndexFetch;
import dev.stowage.registryserver.PackageListSource;
import dev.stowage.registryserver.PackageSpecs;
import dev.stowage.registryserver.RegistryHandler;
import dev.stowage.registryserver.StoredReferrers;
import dev.stowage.spec.CacheSource;
import dev.stowage.worker.LocalStoreContents;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code stowage serve registry}, wired: the blob store, the catalog and the trail its builds are
 * read from, the package index, and where on-demand builds run (the services on Kafka, or an
 * embedded pipeline); serves until the shutdown signal, then closes the server before the builds.
 */
final class RegistryService {
    /**
     * Everything {@code serve registry} was told; {@code kafka} null for the embedded mode, {@code packageIndex} and {@code cache}
     * null for none; {@code redirectTtl} empty to stream every blob; {@code access} who may read what, {@code auth} how that
     * reads in the serving line.
     */
    record Config(KafkaOptions kafka, String blobStore, String catalog, Path auditLog, String packageIndex, CacheSource cache,
            String host, int port, Duration pullTimeout, int workers, Optional<Duration> redirectTtl, AccessGate access, String auth) {}

    /** How stale the catalog images' view of the trail may be: a build published this long ago is pullable. */
    static final Duration TRAIL_REFRESH = Duration.ofSeconds(2);
    /** Requests answered at once (each pull waiting for a build holds one). */
    static final int REQUEST_THREADS = 32;
    private static final String PRODUCER = "stowage-registry";
    private final Config config;
    private final ProcessContext process;
    private final PrintWriter log;

    /** @param process the command's environment, Vert.x instance and connections */
    RegistryService(Config config, ProcessContext process, PrintWriter log) {
        this.config = config;
        this.process = process;
        this.log = log;
    }

    int run(ShutdownSignal signal) throws Exception {
        Clock clock = Clock.systemUTC();
        PackageIndex index = config.packageIndex() == null ? null : PackageIndex.fetch(config.packageIndex(), PackageIndexFetch.defaults());
        // The port first: a port in use fails at once, before any connection to Kafka; until the
        // registry is wired it answers 503 (as once it stops).
        AtomicReference<Handler<HttpServerRequest>> answer = new AtomicReference<>(RegistryHandler.unavailable("the registry is starting"));
        Connections connections = process.connections();
        try (HandlerServer server = Ports.bind(process.vertx().get(), "--port", config.host(), config.port(), req -> answer.get().handle(req));
                BlobStore store = process.defaults().openBlobStore(config.blobStore());
                Catalog catalog = openCatalog();
                EventBus bus = openBus(store, clock);
                EmbeddedPipeline pipeline = config.kafka() != null ? null
                        : new EmbeddedPipeline(bus, store, new Stages.Options(new LocalStoreContents(Path.of("/")), config.workers(), null, null, clock, connections));
                BusImageBuilder builder = new BusImageBuilder(bus, PRODUCER, clock)) {
            BuildHistory history = new BuildHistory(trail(store), TRAIL_REFRESH, clock);
            List<ImageSource> sources = new ArrayList<>();
            if (catalog != null) sources.add(new CatalogSource(() -> catalog.list().stream().map(CatalogEntry::name).toList(), history));
            if (index != null) {
                sources.add(new PackageListSource(new PackageSpecs(index, config.cache(), new BinaryCacheClosures(connections.caches())),
                        new OnDemandBuilds(builder, store, config.pullTimeout())));
            }
            try (RegistryHandler handler = new RegistryHandler(store, new Names(sources), new StoredReferrers(history, store), REQUEST_THREADS,
                    config.access(), config.redirectTtl())) {
                answer.set(handler);
                log.println(clock.instant() + " registry serving http://" + config.host() + ":" + server.port() + "/v2/"
                        + (catalog == null ? "" : " catalog " + catalog.describe())
                        + (index == null ? "" : " package index " + PackageIndexFetch.describe(config.packageIndex()) + " (" + index.revision() + ") from " + config.cache().cache())
                        + " builds " + (config.kafka() == null ? "in process" : "on kafka " + config.kafka().address)
                        + " blob store " + store.describe() + " auth " + config.auth());
                log.flush();
                signal.await();
                answer.set(RegistryHandler.unavailable("the registry is stopping"));
                log.println(clock.instant() + " registry stopping");
            }
        }
        log.println(clock.instant() + " registry stopped");
        return ExitCodes.OK;
    }

    private Catalog openCatalog() throws IOException {
        if (config.catalog() == null) return null;
        try {
            return Catalogs.open(config.catalog());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--catalog", e.getMessage());
        }
    }

    private EventBus openBus(BlobStore store, Clock clock) throws IOException {
        if (config.kafka() != null) return config.kafka().openBus("registry", store, false);
        Files.createDirectories(config.auditLog().toAbsolutePath().getParent());
        return new InProcessEventBus(8, new JsonlAuditLog(config.auditLog()), RetryPolicy.defaults(), clock, PRODUCER);
    }

    /** The events catalog builds are read from: the topics from the beginning, or the audit log. */
    private EventTrail trail(BlobStore store) {
        if (config.kafka() != null) {
            KafkaOptions k = config.kafka();
            return () -> new TopicTimelineReader(k.address.toString(), k.namespace, store).readAll().stream().map(AuditEntry::event).toList();
        }
        Path file = config.auditLog();
        return () -> Files.exists(file) ? AuditLogReader.read(file).stream().map(AuditEntry::event).toList() : List.of();
    }
}
