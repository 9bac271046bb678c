package dev.stowage.nix.cache;

import dev.stowage.error.BadInputException;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The closure of some roots in a binary cache, through narinfo References: fetched in parallel,
 * each narinfo exactly once; the same {@link ClosureGraph} a {@code nix path-info -r} file gives.
 */
public final class ClosureWalker {
    private final BinaryCache cache;
    private final int parallelism;

    public ClosureWalker(BinaryCache cache, int parallelism) {
        this.cache = cache;
        this.parallelism = parallelism;
    }

    public ClosureGraph walk(Collection<StorePath> roots) {
        Map<StorePath, CompletableFuture<PathInfo>> seen = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            List<StorePath> frontier = new ArrayList<>(roots);
            while (!frontier.isEmpty()) {
                List<CompletableFuture<PathInfo>> round = new ArrayList<>();
                for (StorePath p : frontier) {
                    CompletableFuture<PathInfo> f = new CompletableFuture<>();
                    if (seen.putIfAbsent(p, f) == null) {
                        pool.execute(() -> {
                            try {
                                f.complete(fetch(p));
                            } catch (RuntimeException | IOException e) {
                                f.completeExceptionally(e);
                            }
                        });
                        round.add(f);
                    }
                }
                frontier = new ArrayList<>();
                for (CompletableFuture<PathInfo> f : round) frontier.addAll(join(f).references());
            }
            List<PathInfo> infos = new ArrayList<>();
            for (CompletableFuture<PathInfo> f : seen.values()) infos.add(join(f));
            return ClosureGraph.of(infos);
        } finally {
            pool.shutdownNow();
        }
    }

    private PathInfo fetch(StorePath p) throws IOException {
        byte[] text = cache.read(p.hash() + ".narinfo")
                .orElseThrow(() -> new BadInputException(p.toString(), "not in the binary cache " + cache.describe()));
        try {
            NarInfo info = NarInfo.parse(new String(text, StandardCharsets.UTF_8), p.storeDir());
            return new PathInfo(info.storePath(), info.narHash(), info.narSize(), info.references());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(p.toString(), "invalid narinfo in " + cache.describe() + ": " + e.getMessage(), e);
        }
    }

    private static PathInfo join(CompletableFuture<PathInfo> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new UncheckedIOException((IOException) e.getCause());
        }
    }
}
