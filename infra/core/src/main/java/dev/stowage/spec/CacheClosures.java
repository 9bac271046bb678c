package dev.stowage.spec;

import dev.stowage.error.BadInputException;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.StorePath;
import java.io.IOException;
import java.util.List;

/**
 * Reads the closure of a platform's roots from the binary cache its spec names ({@code
 * source.cache}) at submission time. Implemented where caches are read (the nix module);
 * {@link IllegalArgumentException} for a URL it cannot open, {@link IOException} for a cache it
 * cannot read.
 */
@FunctionalInterface
public interface CacheClosures {
    ClosureGraph walk(String cacheUrl, String storeDir, List<StorePath> roots) throws IOException;

    static CacheClosures none() {
        return (url, storeDir, roots) -> {
            throw new BadInputException("source.cache", "binary caches are not read here: " + url);
        };
    }
}
