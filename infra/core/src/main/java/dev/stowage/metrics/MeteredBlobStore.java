package dev.stowage.metrics;

import dev.stowage.blob.BlobRef;
import dev.stowage.blob.BlobStore;
import dev.stowage.blob.BlobWriter;
import dev.stowage.blob.StagedUpload;
import dev.stowage.blob.StoredBlob;
import dev.stowage.blob.StoredSelector;
import dev.stowage.oci.Digest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A blob store that times every operation of the store it wraps:
 * {@code stowage_blob_store_operation_seconds{store, operation, outcome}} (count and latency), and
 * counts the bytes of committed writes ({@code stowage_blob_store_written_bytes_total{store}}).
 * {@code store} is the store's kind ({@code fs}, {@code s3}), never its location.
 */
public final class MeteredBlobStore implements BlobStore {
    /** Latency histogram buckets: a few, fixed, since each is a series per store, operation and outcome. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)};
    private final BlobStore store;
    private final String kind;
    private final MeterRegistry meters;
    private final Counter written;

    public MeteredBlobStore(BlobStore store, String kind, MeterRegistry meters) {
        this.store = store;
        this.kind = kind;
        this.meters = meters;
        this.written = Counter.builder("stowage.blob.store.written").baseUnit("bytes").tag("store", kind)
                .description("bytes of blobs committed to the blob store").register(meters);
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    @FunctionalInterface
    private interface VoidCall {
        void run() throws IOException;
    }

    private <T> T timed(String operation, Call<T> call) throws IOException {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = call.run();
            outcome = "ok";
            return result;
        } finally {
            Timer.builder("stowage.blob.store.operation").description("blob store operations and their latency")
                    .tags("store", kind, "operation", operation, "outcome", outcome)
                    .serviceLevelObjectives(BUCKETS).register(meters)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private void timed(String operation, VoidCall call) throws IOException {
        timed(operation, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public boolean exists(Digest digest) throws IOException {
        return timed("exists", () -> store.exists(digest));
    }

    @Override
    public List<Digest> missing(Collection<Digest> digests) throws IOException {
        return timed("missing", () -> store.missing(digests));
    }

    @Override
    public long size(Digest digest) throws IOException {
        return timed("size", () -> store.size(digest));
    }

    /** Times opening the blob (for S3 the request and its first bytes), not reading it. */
    @Override
    public InputStream open(Digest digest) throws IOException {
        return timed("open", () -> store.open(digest));
    }

    /** Times the commit, where the blob becomes durable, and counts its bytes. */
    @Override
    public BlobWriter writer() throws IOException {
        BlobWriter w = timed("writer", store::writer);
        return new BlobWriter() {
            @Override
            public OutputStream stream() {
                return w.stream();
            }

            @Override
            public BlobRef commit(Digest expected) throws IOException {
                BlobRef ref = timed("commit", () -> w.commit(expected));
                written.increment(ref.size());
                return ref;
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        };
    }

    @Override
    public Optional<Digest> readSelector(Digest selector) throws IOException {
        return timed("read_selector", () -> store.readSelector(selector));
    }

    @Override
    public void writeSelector(Digest selector, Digest target) throws IOException {
        timed("write_selector", () -> store.writeSelector(selector, target));
    }

    @Override
    public List<StoredBlob> list() throws IOException {
        return timed("list", store::list);
    }

    @Override
    public List<StoredSelector> listSelectors() throws IOException {
        return timed("list_selectors", store::listSelectors);
    }

    @Override
    public List<StagedUpload> listStaged() throws IOException {
        return timed("list_staged", store::listStaged);
    }

    @Override
    public void delete(Collection<Digest> blobs) throws IOException {
        timed("delete", () -> store.delete(blobs));
    }

    @Override
    public List<StoredBlob> listDeleted() throws IOException {
        return timed("list_deleted", store::listDeleted);
    }

    @Override
    public void purge(Collection<Digest> deleted) throws IOException {
        timed("purge", () -> store.purge(deleted));
    }

    @Override
    public void deleteSelectors(Collection<Digest> selectors) throws IOException {
        timed("delete_selectors", () -> store.deleteSelectors(selectors));
    }

    @Override
    public void deleteStaged(Collection<StagedUpload> staged) throws IOException {
        timed("delete_staged", () -> store.deleteStaged(staged));
    }

    @Override
    public void touch(Digest blob) throws IOException {
        timed("touch", () -> store.touch(blob));
    }

    @Override
    public boolean touchIfStored(Digest blob) throws IOException {
        return timed("touch", () -> store.touchIfStored(blob));
    }

    @Override
    public Optional<Path> localFile(Digest blob) throws IOException {
        return store.localFile(blob);
    }

    @Override
    public Optional<URI> readUrl(Digest digest, Duration ttl) throws IOException {
        return store.readUrl(digest, ttl);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        store.close();
    }
}
