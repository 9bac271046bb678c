package dev.stowage.worker;

import dev.stowage.error.BadInputException;
import dev.stowage.event.LayerTask;
import dev.stowage.nix.StorePathContents;
import dev.stowage.nix.cache.BinaryCaches;
import dev.stowage.nix.cache.CacheMeters;
import dev.stowage.nix.cache.CacheStorePathContents;
import dev.stowage.nix.cache.TrustPolicy;
import dev.stowage.spec.CacheSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Where a task's store paths are read: the worker's own store, or the binary cache the task names. */
final class StoreSources {
    private final StorePathContents local;
    private final BinaryCaches caches;
    private final CacheMeters meters;
    private final Map<CacheSource, StorePathContents> opened = new ConcurrentHashMap<>();

    StoreSources(StorePathContents local, BinaryCaches caches, CacheMeters meters) {
        this.local = local;
        this.caches = caches;
        this.meters = meters;
    }

    StorePathContents forTask(LayerTask task) {
        CacheSource source = task.source();
        if (source == null) return local;
        return opened.computeIfAbsent(source, s -> {
            try {
                return new CacheStorePathContents(caches.open(s.cache()), new TrustPolicy(s.trustedPublicKeys(), s.allowUnsigned()), meters);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(s.cache(), e.getMessage(), e);
            }
        });
    }
}
