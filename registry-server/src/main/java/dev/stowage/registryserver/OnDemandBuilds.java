package dev.stowage.registryserver;

import dev.stowage.blob.BlobStore;
import dev.stowage.error.FailureText;
import dev.stowage.oci.Digest;
import dev.stowage.spec.BuildInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index of a build input, built at most once: a finished build is remembered in the blob store
 * as a selector from the input digest to its index (so a restart builds nothing either), and pulls
 * of an input being built wait for that one build. A pull waits at most {@code wait}; then it is
 * told to retry ({@link DistributionException#retryLater}) and the build goes on.
 */
public final class OnDemandBuilds {
    private static final Logger LOG = LoggerFactory.getLogger(OnDemandBuilds.class);
    private final ImageBuilder builder;
    private final BlobStore store;
    private final Duration wait;
    private final Map<Digest, CompletableFuture<Digest>> inFlight = new ConcurrentHashMap<>();

    public OnDemandBuilds(ImageBuilder builder, BlobStore store, Duration wait) {
        this.builder = builder;
        this.store = store;
        this.wait = wait;
    }

    /** The selector naming the index built from an input digest. */
    static Digest selector(Digest input) {
        return Digest.ofBytes(("stowage-registry/built-from/" + input).getBytes(StandardCharsets.UTF_8));
    }

    public Digest index(BuildInput input, String what) throws IOException {
        Digest key = input.digest();
        Optional<Digest> done = built(key);
        if (done.isPresent()) return done.get();
        CompletableFuture<Digest> mine = new CompletableFuture<>();
        CompletableFuture<Digest> running = inFlight.putIfAbsent(key, mine);
        if (running == null) {
            running = mine;
            start(key, input, what, mine);
        }
        try {
            return running.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw DistributionException.retryLater("the image " + what + " is being built; pull again in a moment", Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DistributionException.retryLater("interrupted while " + what + " was being built", Duration.ofSeconds(10));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ImageBuildException failed && !failed.retryable()) {
                throw new DistributionException(ErrorCode.MANIFEST_UNKNOWN, "the build of " + what + " failed: " + failed.getMessage());
            }
            throw DistributionException.unavailable("the build of " + what + " failed, it may succeed later: " + FailureText.line(cause), cause);
        }
    }

    /** The index an earlier build of {@code input} made, if it is still stored; never starts a build. */
    public Optional<Digest> existing(BuildInput input) throws IOException {
        return built(input.digest());
    }

    /** How many builds this process is waiting for. */
    public int inFlight() {
        return inFlight.size();
    }

    private Optional<Digest> built(Digest key) throws IOException {
        Optional<Digest> index = store.readSelector(selector(key));
        return index.isPresent() && store.touchIfStored(index.get()) ? index : Optional.empty();
    }

    private void start(Digest key, BuildInput input, String what, CompletableFuture<Digest> mine) {
        try {
            // the build that held the slot may have finished between the first look and now
            Optional<Digest> done = built(key);
            if (done.isPresent()) {
                inFlight.remove(key, mine);
                mine.complete(done.get());
                return;
            }
            LOG.info("building {} (input {})", what, key);
            builder.build(input).whenComplete((index, failure) -> {
                try {
                    if (failure == null) store.writeSelector(selector(key), index);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("cannot remember the build of {}: {}", what, FailureText.line(e));
                } finally {
                    inFlight.remove(key, mine);
                    if (failure == null) mine.complete(index);
                    else mine.completeExceptionally(failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure);
                }
            });
        } catch (IOException | RuntimeException e) {
            inFlight.remove(key, mine);
            mine.completeExceptionally(e);
        }
    }
}
