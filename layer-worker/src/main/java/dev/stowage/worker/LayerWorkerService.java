package dev.stowage.worker;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.EventBus;
import dev.stowage.bus.EventHandler;
import dev.stowage.bus.Subscription;
import dev.stowage.event.EventHeader;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.LayerPath;
import dev.stowage.event.LayerTask;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.nix.StorePathContents;
import dev.stowage.nix.cache.BinaryCaches;
import dev.stowage.nix.cache.CacheMeters;
import dev.stowage.nix.db.NixDatabaseWriter;
import dev.stowage.oci.Digest;
import dev.stowage.oci.Platform;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code LayerTask}s, emits {@code LayerBuilt}. A layer already in the layer cache, or
 * seeded for this build as being in its registries, is not built again. Redelivery is harmless: the blob store is content-addressed and the cache entry is
 * written only after the blob is durable.
 */
public final class LayerWorkerService implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(LayerWorkerService.class);
    /** {@code uncompressedSize} of a layer found only in the registry (seeded): the tar was never seen here. */
    static final long UNKNOWN_SIZE = -1;
    private final StoreSources sources;
    private final BlobStore store;
    private final Compressors compressors;
    private final LayerCache cache;
    private final String producer;
    private final Clock clock;
    private final LayerMeters meters;

    /** Without metrics (a registry nothing reads). */
    public LayerWorkerService(StorePathContents source, BinaryCaches caches, BlobStore store, Compressors compressors, String producer,
            Clock clock) {
        this(source, caches, store, compressors, producer, clock, new CompositeMeterRegistry());
    }

    /**
     * @param source where store paths are read when a task names no binary cache
     * @param caches opens the binary cache a task names
     * @param meters where the worker's meters are registered ({@link LayerMeters})
     */
    public LayerWorkerService(StorePathContents source, BinaryCaches caches, BlobStore store, Compressors compressors, String producer,
            Clock clock, MeterRegistry meters) {
        this.meters = new LayerMeters(meters);
        this.sources = new StoreSources(source, caches, new CacheMeters(meters));
        this.store = store;
        this.compressors = compressors;
        this.cache = new LayerCache(store);
        this.producer = producer;
        this.clock = clock;
    }

    private BuiltLayer build(LayerTask task) throws IOException {
        StorePathContents source = sources.forTask(task);
        LayerBuilder builder = new LayerBuilder(source, store, compressors);
        if (task.customisation() == null) {
            return builder.build(task.storeDir(), task.mtime(), task.compression(), task.compressionLevel(), task.paths());
        }
        if (task.customisation().tar() != null) { // a dockerTools layer.tar: its bytes as given
            try (InputStream tar = store.open(task.customisation().tar().digest())) {
                return builder.copy(task.compression(), task.compressionLevel(), tar);
            }
        }
        CustomisationLayer customisation = new CustomisationLayer(source);
        RootTree tree = customisation.tree(task);
        TarRules rules = new TarRules(task.mtime());
        return builder.write(task.compression(), task.compressionLevel(), tar -> customisation.write(tar, rules, tree));
    }

    /** Joins the worker group for one platform's tasks, or every platform's when {@code platform} is null. */
    public Subscription subscribe(EventBus bus, Platform platform, int concurrency) {
        String group = "layer-worker" + (platform == null ? "" : "." + platform.slug());
        return bus.subscribe(group, Topics.layerTaskPattern(platform), concurrency, this);
    }

    @Override
    public void handle(StowageEvent event, Emitter out) throws IOException {
        if (!(event instanceof LayerTask task)) return;
        Instant started = clock.instant();
        boolean nixDb = task.customisation() != null && task.customisation().nixDatabase();
        Digest key = LayerCache.key(task.contentKey(), task.compression(), task.compressionLevel(),
                nixDb ? NixDatabaseWriter.engine() : null);
        Optional<BuiltLayer> cached = cache.lookup(key);
        String how = "cached";
        if (cached.isEmpty()) {
            cached = cache.lookupSeeded(task.buildId(), key).map(s -> new BuiltLayer(s.diffId(), UNKNOWN_SIZE, s.blob()));
            how = "cached (in the registry)";
        }
        BuiltLayer layer;
        if (cached.isPresent()) {
            layer = cached.get();
            meters.cached(task.platform());
        } else {
            long start = System.nanoTime();
            try {
                layer = build(task);
                cache.store(key, layer);
            } catch (IOException | RuntimeException e) {
                meters.failed(task.platform());
                throw e;
            }
            meters.built(task.platform(), layer, Duration.ofNanos(System.nanoTime() - start));
            how = "built";
        }
        LOG.info("layer {}/{} of {} {} {} ({} paths, {} bytes)", task.layerIndex() + 1, task.layerCount(), task.platform(),
                how, layer.blob().digest().shortHex(), task.paths().size(), layer.blob().size());
        out.emit(new LayerBuilt(EventHeader.create(task.buildId(), producer, clock), task.platform(), task.layerIndex(),
                task.layerCount(), task.contentKey(), task.paths().stream().map(LayerPath::path).toList(),
                layer.diffId(), layer.uncompressedSize(), layer.blob(), cached.isPresent(),
                task.customisation() != null, key, started));
    }
}
