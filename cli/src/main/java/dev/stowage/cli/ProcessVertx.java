package dev.stowage.cli;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one Vert.x instance of a command: every HTTP client (registries, binary caches) and server
 * (health, metrics, webhook, dashboard, registry) of the process runs on it. It is created on
 * first use, so a command that talks HTTP to nothing (a build to {@code oci:} from the local
 * store) never starts Vert.x, and closed once when the command ends ({@link Main#run}); the
 * libraries are handed it and never create or close one.
 *
 * <p>Sizing ({@link #options()}): one event loop per core, because the event loops only move
 * bytes (and TLS) for every client and server of the process at once, and a push's parallel
 * uploads want every core; {@code 2 × cores} (at least 4) workers, because the worker pool runs
 * the blocking work handed to Vert.x: a binary cache's NAR pipe writes (one per NAR being read,
 * and {@code --workers} layer workers, the core count by default, read NARs at once) and the
 * webhook's catalog reads, which must not wait behind them.
 */
final class ProcessVertx implements Supplier<Vertx>, AutoCloseable {
    private Vertx vertx;
    private boolean started;
    private boolean closed;

    /** The options the instance is created with. */
    static VertxOptions options() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new VertxOptions().setEventLoopPoolSize(cores).setWorkerPoolSize(Math.max(4, 2 * cores));
    }

    /** The instance, created by the first call. */
    @Override
    public synchronized Vertx get() {
        if (closed) throw new IllegalStateException("the process's Vert.x instance is closed");
        if (vertx == null) {
            vertx = Vertx.vertx(options());
            started = true;
        }
        return vertx;
    }

    /** Whether anything asked for the instance, even if it is closed since (a build to oci: must not). */
    synchronized boolean started() {
        return started;
    }

    /** Closes the instance, if it was started, with every client and server still on it. */
    @Override
    public void close() {
        Vertx started;
        synchronized (this) {
            started = vertx;
            vertx = null;
            closed = true;
        }
        if (started == null) return;
        try {
            started.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // best effort at exit: nothing is left to flush
        }
    }
}
