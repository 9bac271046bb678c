package dev.stowage.registryserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.blob.BlobStore;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.oci.Digest;
import dev.stowage.spec.BuildInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds through an {@link ImageBuilder} whose builds the test finishes: once per input, bounded waits, remembered in the store. */
class OnDemandBuildsTest {
    @TempDir Path tmp;

    /** Records each build and leaves it running until the test completes it. */
    static final class HeldBuilds implements ImageBuilder {
        final List<CompletableFuture<Digest>> started = new CopyOnWriteArrayList<>();
        private final BlockingQueue<CompletableFuture<Digest>> next = new LinkedBlockingQueue<>();

        @Override
        public CompletableFuture<Digest> build(BuildInput input) {
            CompletableFuture<Digest> f = new CompletableFuture<>();
            started.add(f);
            next.add(f);
            return f;
        }

        /** The next build to start, waiting for it. */
        CompletableFuture<Digest> awaitStart() throws InterruptedException {
            CompletableFuture<Digest> f = next.poll(1, TimeUnit.MINUTES);
            if (f == null) throw new AssertionError("no build started within a minute");
            return f;
        }
    }

    private static BuildInput input(String name) {
        return Fixtures.specs().input(PackageList.parse(new RepositoryName(name)));
    }

    private static Digest stored(BlobStore store, String text) throws Exception {
        return store.put(text.getBytes(StandardCharsets.UTF_8)).digest();
    }

    @Test
    void concurrentPullsOfOneInputShareOneBuildAndARestartBuildsNothing() throws Exception {
        HeldBuilds builder = new HeldBuilds();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try (BlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"))) {
            OnDemandBuilds builds = new OnDemandBuilds(builder, store, Duration.ofMinutes(1));
            List<Future<Digest>> pulls = new ArrayList<>();
            for (int i = 0; i < 10; i++) pulls.add(pool.submit(() -> builds.index(input("shell/hello"), "hello/shell")));
            CompletableFuture<Digest> build = builder.awaitStart();
            Digest index = stored(store, "{\"the\":\"index\"}");
            build.complete(index);
            for (Future<Digest> f : pulls) assertThat(f.get(1, TimeUnit.MINUTES)).isEqualTo(index);
            assertThat(builder.started).hasSize(1);
            assertThat(builds.inFlight()).isZero();

            HeldBuilds later = new HeldBuilds();
            assertThat(new OnDemandBuilds(later, store, Duration.ofMinutes(1)).index(input("hello/shell"), "hello/shell")).isEqualTo(index);
            assertThat(later.started).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPullThatWaitsTooLongIsToldToRetryAndTheBuildGoesOn() throws Exception {
        HeldBuilds builder = new HeldBuilds();
        try (BlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"))) {
            OnDemandBuilds builds = new OnDemandBuilds(builder, store, Duration.ofMillis(50));
            assertThatThrownBy(() -> builds.index(input("hello"), "hello")).isInstanceOf(DistributionException.class)
                    .satisfies(e -> {
                        DistributionException d = (DistributionException) e;
                        assertThat(d.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                        assertThat(d.code().status()).isEqualTo(503);
                        assertThat(d.retryAfter()).isPresent();
                    });
            assertThat(builds.inFlight()).isOne();
            Digest index = stored(store, "{\"hello\":1}");
            builder.started.get(0).complete(index);
            assertThat(builds.index(input("hello"), "hello")).isEqualTo(index);
            assertThat(builder.started).hasSize(1);
        }
    }

    @Test
    void aFailedBuildIsNotRememberedAndItsKindDecidesTheAnswer() throws Exception {
        HeldBuilds builder = new HeldBuilds();
        try (BlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"))) {
            OnDemandBuilds builds = new OnDemandBuilds(builder, store, Duration.ofSeconds(30));
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
                try {
                    builds.index(input("hello"), "hello");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            builder.awaitStart().completeExceptionally(new ImageBuildException("b-1", "narinfo missing", false));
            assertThat(first).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(DistributionException.class).withMessageContaining("narinfo missing")
                    .satisfies(e -> assertThat(((DistributionException) e).code()).isEqualTo(ErrorCode.MANIFEST_UNKNOWN));
            // the next pull builds again: a failure is not cached
            CompletableFuture<Digest> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return builds.index(input("hello"), "hello");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            builder.awaitStart().completeExceptionally(new ImageBuildException("b-2", "broker gone", true));
            assertThat(second).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                    .havingCause().satisfies(e -> assertThat(((DistributionException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }
    }
}
