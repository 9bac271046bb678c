package dev.stowage.it.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.blob.BlobRef;
import dev.stowage.blob.BlobStore;
import dev.stowage.blob.BlobStoreContract;
import dev.stowage.blob.BlobWriter;
import dev.stowage.blob.StoredBlob;
import dev.stowage.blob.s3.S3BlobStore;
import dev.stowage.blob.s3.S3Location;
import dev.stowage.error.BadInputException;
import dev.stowage.error.TransientException;
import dev.stowage.it.harness.S3Proxy;
import dev.stowage.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 blob store against a real S3-compatible server with authentication on. */
class S3BlobStoreTest extends BlobStoreContract {
    @TempDir static Path tmp;
    static S3Proxy server;
    private static int buckets;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3Proxy(tmp.resolve("s3proxy"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static S3Location freshBucket() {
        String bucket = "blobs-" + buckets++;
        server.createBucket(bucket);
        return new S3Location(bucket, "team/prefix", server.endpoint(), "us-east-1");
    }

    @Override
    protected BlobStore store() {
        return new S3BlobStore(freshBucket(), server.credentials(), Duration.ofSeconds(10));
    }

    @Override
    protected void corrupt(BlobStore store, Digest digest) throws Exception {
        S3Location at = S3Location.parse(store.describe());
        Files.writeString(tmp.resolve("s3proxy/data").resolve(at.bucket()).resolve(at.key("blobs/sha256/" + digest.hex())), "tampered");
    }

    /** Every object key under the store's prefix (relative to it), then any multipart upload still open. */
    @Override
    protected List<String> storedNames(BlobStore store) {
        S3Location at = S3Location.parse(store.describe());
        List<String> names = new ArrayList<>();
        try (S3Client s3 = server.client()) {
            s3.listObjectsV2Paginator(r -> r.bucket(at.bucket()).prefix(at.key(""))).contents()
                    .forEach(o -> names.add(o.key().substring(at.key("").length())));
            s3.listMultipartUploads(r -> r.bucket(at.bucket())).uploads().forEach(u -> names.add("open upload " + u.key()));
        }
        return names.stream().sorted().toList();
    }

    @Test
    void deletesMoreThanOneBatchOfAThousandKeys() throws Exception {
        BlobStore s = store();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Digest> all = new ArrayList<>();
        try {
            List<Future<BlobRef>> puts = new ArrayList<>();
            for (int i = 0; i < 1003; i++) {
                byte[] bytes = ("blob " + i).getBytes(StandardCharsets.UTF_8);
                puts.add(pool.submit(() -> s.put(bytes)));
            }
            for (var f : puts) all.add(f.get().digest());
        } finally {
            pool.shutdownNow();
        }
        assertThat(s.list()).hasSize(1003); // more than one ListObjectsV2 page
        s.delete(all.subList(0, 1002));
        assertThat(s.list()).extracting(StoredBlob::digest).containsExactly(all.get(1002));
        assertThat(s.listDeleted()).hasSize(1002);
        s.purge(all.subList(0, 1002));
        assertThat(storedNames(s)).containsExactly("blobs/sha256/" + all.get(1002).hex());
    }

    @Test
    void aWrongSecretNamesTheEndpointAndBucketButNotTheSecret() {
        S3Location at = freshBucket();
        BlobStore wrong = new S3BlobStore(at, StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Proxy.IDENTITY, "wrong-secret-123")),
                Duration.ofSeconds(2));
        assertThatThrownBy(() -> wrong.put("x".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(server.endpoint().toString())
                .hasMessageContaining(at.bucket())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-secret-123").doesNotContain(S3Proxy.CREDENTIAL));
    }

    @Test
    void aPutWaitsForTheServerToComeBack() throws Exception {
        S3Location at = freshBucket();
        BlobStore store = new S3BlobStore(at, server.credentials(), Duration.ofSeconds(60));
        byte[] bytes = "survives an outage".getBytes(StandardCharsets.UTF_8);
        server.stop();
        CompletableFuture<BlobRef> put = CompletableFuture.supplyAsync(() -> {
            try {
                return store.put(bytes);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertThatThrownBy(() -> put.get(3, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
        server.start();
        assertThat(put.get(60, TimeUnit.SECONDS).digest()).isEqualTo(Digest.ofBytes(bytes));
        assertThat(store.readAll(Digest.ofBytes(bytes))).isEqualTo(bytes);
    }

    /** The server goes away after the first part of a multipart upload: the rest waits for it and the blob commits. */
    @Test
    void aMultipartUploadSurvivesAnOutageBetweenParts() throws Exception {
        S3Location at = freshBucket();
        BlobStore store = new S3BlobStore(at, server.credentials(), Duration.ofSeconds(60));
        byte[] bytes = new byte[17 << 20];
        new Random(11).nextBytes(bytes);
        BlobWriter w = store.writer();
        w.stream().write(bytes, 0, 9 << 20); // the first 8 MiB part is uploaded
        server.stop();
        CompletableFuture<BlobRef> rest = CompletableFuture.supplyAsync(() -> {
            try (w) {
                w.stream().write(bytes, 9 << 20, bytes.length - (9 << 20));
                return w.commit(Digest.ofBytes(bytes));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertThatThrownBy(() -> rest.get(3, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
        server.start();
        assertThat(rest.get(60, TimeUnit.SECONDS)).isEqualTo(new BlobRef(Digest.ofBytes(bytes), bytes.length));
        assertThat(store.readAll(Digest.ofBytes(bytes))).isEqualTo(bytes);
        assertThat(storedNames(store)).containsExactly("blobs/sha256/" + Digest.ofBytes(bytes).hex());
    }

    @Test
    void anOutageLongerThanTheWindowIsTransient() throws Exception {
        S3Location at = freshBucket();
        BlobStore store = new S3BlobStore(at, server.credentials(), Duration.ofSeconds(2));
        server.stop();
        long started = System.nanoTime();
        try {
            assertThatThrownBy(() -> store.put("late".getBytes(StandardCharsets.UTF_8))).isInstanceOf(TransientException.class)
                    .hasMessageContaining(at.bucket());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(15));
        } finally {
            server.start();
        }
    }

    @Test
    void urlsParse() {
        S3Location l = S3Location.parse("s3://my-bucket/a/b?endpoint=http%3A%2F%2F127.0.0.1%3A9000&region=eu-west-1");
        assertThat(l.bucket()).isEqualTo("my-bucket");
        assertThat(l.prefix()).isEqualTo("a/b");
        assertThat(l.endpoint().toString()).isEqualTo("http://127.0.0.1:9000");
        assertThat(l.key("blobs/sha256/x")).isEqualTo("a/b/blobs/sha256/x");
        assertThat(l.toString()).isEqualTo("s3://my-bucket/a/b?endpoint=http://127.0.0.1:9000&region=eu-west-1");
        assertThat(S3Location.parse("s3://bucket").key("blobs/x")).isEqualTo("blobs/x");
        assertThatThrownBy(() -> S3Location.parse("s3://b/p?secret=x")).hasMessageContaining("unknown parameter");
    }
}
