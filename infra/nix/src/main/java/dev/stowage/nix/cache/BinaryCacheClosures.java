package dev.stowage.nix.cache;

import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.StorePath;
import dev.stowage.spec.CacheClosures;
import java.io.IOException;
import java.util.List;

/**
 * Closures read from binary caches, for submission: the cache's {@code nix-cache-info} is checked
 * against the spec's store directory, then its narinfos are walked from the roots. Each walk opens
 * the cache and closes it again.
 */
public final class BinaryCacheClosures implements CacheClosures {
    private static final int PARALLEL_FETCHES = 8;
    private final BinaryCaches caches;

    public BinaryCacheClosures(BinaryCaches caches) {
        this.caches = caches;
    }

    @Override
    public ClosureGraph walk(String cacheUrl, String storeDir, List<StorePath> roots) throws IOException {
        try (BinaryCache cache = caches.open(cacheUrl)) {
            NixCacheInfo.of(cache, storeDir);
            return new ClosureWalker(cache, PARALLEL_FETCHES).walk(roots);
        }
    }
}
