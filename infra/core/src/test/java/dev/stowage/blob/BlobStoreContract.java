package dev.stowage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.Digest;
import dev.stowage.testsupport.Await;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** What every BlobStore must do; concrete tests supply a fresh, empty store. */
public abstract class BlobStoreContract {
    protected abstract BlobStore store() throws Exception;

    /** Changes the stored bytes of a blob behind the store's back (to test verification). */
    protected abstract void corrupt(BlobStore store, Digest digest) throws Exception;

    /**
     * Everything the store holds behind its API, as sorted names relative to its root or prefix
     * ({@code blobs/sha256/<hex>}, {@code selectors/…}, and any temporary or upload leftovers).
     */
    protected abstract List<String> storedNames(BlobStore store) throws Exception;

    @Test
    void listsBlobsAndSelectorsAndDeletesThem() throws Exception {
        BlobStore s = store();
        Instant before = Instant.now().minusSeconds(60);
        BlobRef a = s.put("first".getBytes(StandardCharsets.UTF_8));
        BlobRef b = s.put("second, longer".getBytes(StandardCharsets.UTF_8));
        Digest key = Digest.ofBytes("selector".getBytes(StandardCharsets.UTF_8));
        s.writeSelector(key, a.digest());
        assertThat(s.list()).extracting(StoredBlob::digest, StoredBlob::size)
                .containsExactlyInAnyOrder(Tuple.tuple(a.digest(), a.size()), Tuple.tuple(b.digest(), b.size()));
        assertThat(s.list()).allSatisfy(x -> assertThat(x.lastModified()).isAfter(before));
        assertThat(s.listSelectors()).extracting(StoredSelector::selector).containsExactly(key);
        assertThat(s.listStaged()).isEmpty();

        Digest absent = Digest.ofBytes("never stored".getBytes(StandardCharsets.UTF_8));
        s.delete(List.of(a.digest(), absent));
        s.deleteSelectors(List.of(key));
        assertThat(s.readSelector(key)).isEmpty();
        assertThat(s.list()).extracting(StoredBlob::digest).containsExactly(b.digest());
        assertThat(s.listDeleted()).extracting(StoredBlob::digest, StoredBlob::size)
                .containsExactly(Tuple.tuple(a.digest(), a.size()));
        assertThat(s.listDeleted()).allSatisfy(x -> assertThat(x.lastModified()).isAfter(before));
        assertThat(storedNames(s)).containsExactly("blobs/sha256/" + b.digest().hex(), "deleted/sha256/" + a.digest().hex());

        s.purge(List.of(a.digest(), absent));
        assertThat(s.listDeleted()).isEmpty();
        assertThat(storedNames(s)).containsExactly("blobs/sha256/" + b.digest().hex());
    }

    /** The race a collector cannot close by listing: a build reuses a blob just as it is deleted. */
    @Test
    void aDeletedBlobComesBackWhenReadByDigestUntilPurged() throws Exception {
        BlobStore s = store();
        byte[] bytes = "reused while collected".getBytes(StandardCharsets.UTF_8);
        BlobRef a = s.put(bytes);

        s.delete(List.of(a.digest()));
        assertThat(s.list()).isEmpty();
        assertThat(s.readAll(a.digest())).isEqualTo(bytes);
        assertThat(s.list()).extracting(StoredBlob::digest).containsExactly(a.digest());

        s.delete(List.of(a.digest()));
        assertThat(s.exists(a.digest())).isTrue(); // an output's presence check, a cache lookup
        assertThat(s.list()).extracting(StoredBlob::digest).containsExactly(a.digest());

        s.delete(List.of(a.digest()));
        assertThat(s.size(a.digest())).isEqualTo(bytes.length);
        assertThat(s.exists(a.digest())).isTrue();

        s.delete(List.of(a.digest()));
        assertThat(s.touchIfStored(a.digest())).isTrue();
        assertThat(s.exists(a.digest())).isTrue();

        s.delete(List.of(a.digest()));
        s.purge(s.listDeleted().stream().map(StoredBlob::digest).toList());
        assertThat(s.touchIfStored(a.digest())).isFalse();
        assertThat(s.exists(a.digest())).isFalse();
        assertThatThrownBy(() -> s.open(a.digest())).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> s.size(a.digest())).isInstanceOf(BlobNotFoundException.class);
        assertThat(storedNames(s)).isEmpty();
    }

    @Test
    void missingNamesTheBlobsNotStoredInTheOrderGiven() throws Exception {
        BlobStore s = store();
        List<Digest> asked = new ArrayList<>();
        List<Digest> absent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] bytes = ("blob " + i).getBytes(StandardCharsets.UTF_8);
            if (i % 3 == 0) {
                absent.add(Digest.ofBytes(bytes));
                asked.add(Digest.ofBytes(bytes));
            } else {
                asked.add(s.put(bytes).digest());
            }
        }
        assertThat(s.missing(asked)).containsExactlyElementsOf(absent);
        assertThat(s.missing(List.of())).isEmpty();
        // a blob set aside by a collector counts as stored (reading it brings it back)
        Digest aside = asked.get(1);
        s.delete(List.of(aside));
        assertThat(s.missing(List.of(aside))).isEmpty();
    }

    @Test
    void touchRenewsLastModified() throws Exception {
        BlobStore s = store();
        BlobRef a = s.put("touched".getBytes(StandardCharsets.UTF_8));
        Instant first = s.list().get(0).lastModified();
        Await.untilNoThrow(Duration.ofSeconds(10), "a touch to renew the last-modified time", () -> {
            s.touch(a.digest());
            return s.list().get(0).lastModified().isAfter(first);
        }, () -> "");
        assertThat(s.list().get(0).lastModified()).isAfter(first);
        assertThat(s.readAll(a.digest())).isEqualTo("touched".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void putOpenSizeRoundTrip() throws Exception {
        BlobStore s = store();
        byte[] bytes = "hello blob".getBytes(StandardCharsets.UTF_8);
        BlobRef ref = s.put(bytes);
        assertThat(ref.digest()).isEqualTo(Digest.ofBytes(bytes));
        assertThat(s.exists(ref.digest())).isTrue();
        assertThat(s.size(ref.digest())).isEqualTo(bytes.length);
        assertThat(s.readAll(ref.digest())).isEqualTo(bytes);
        assertThat(s.put(bytes)).isEqualTo(ref);
        try (BlobWriter again = s.writer()) {
            again.stream().write(bytes);
            assertThat(again.commit(ref.digest())).isEqualTo(ref);
        }
        assertThat(storedNames(s)).containsExactly("blobs/sha256/" + ref.digest().hex());
    }

    @Test
    void concurrentPutsOfTheSameContentAllSucceed() throws Exception {
        BlobStore s = store();
        byte[] bytes = new byte[9 << 20]; // more than one 8 MiB part: the S3 store's multipart path
        new Random(3).nextBytes(bytes);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<BlobRef>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit((Callable<BlobRef>) () -> {
                    try (BlobWriter w = s.writer()) {
                        w.stream().write(bytes);
                        return w.commit();
                    }
                }));
            }
            for (Future<BlobRef> f : results) assertThat(f.get().digest()).isEqualTo(Digest.ofBytes(bytes));
        } finally {
            pool.shutdownNow();
        }
        assertThat(s.readAll(Digest.ofBytes(bytes))).isEqualTo(bytes);
        assertThat(storedNames(s)).containsExactly("blobs/sha256/" + Digest.ofBytes(bytes).hex());
    }

    @Test
    void wrongExpectedDigestIsRejectedAndNothingIsVisible() throws Exception {
        BlobStore s = store();
        byte[] bytes = "announced one thing, wrote another".getBytes(StandardCharsets.UTF_8);
        Digest claimed = Digest.ofBytes("something else".getBytes(StandardCharsets.UTF_8));
        try (BlobWriter w = s.writer()) {
            w.stream().write(bytes);
            assertThatThrownBy(() -> w.commit(claimed)).isInstanceOf(DigestMismatchException.class);
        }
        assertThat(s.exists(claimed)).isFalse();
        assertThat(s.exists(Digest.ofBytes(bytes))).isFalse();
        assertThat(storedNames(s)).isEmpty();
    }

    /** The same after more than one part's worth: the S3 store has a multipart upload open at commit. */
    @Test
    void wrongExpectedDigestOfALargeWriteLeavesNothing() throws Exception {
        BlobStore s = store();
        byte[] bytes = new byte[9 << 20];
        new Random(7).nextBytes(bytes);
        Digest claimed = Digest.ofBytes("something else".getBytes(StandardCharsets.UTF_8));
        try (BlobWriter w = s.writer()) {
            w.stream().write(bytes);
            assertThatThrownBy(() -> w.commit(claimed)).isInstanceOf(DigestMismatchException.class);
        }
        assertThat(storedNames(s)).isEmpty();
    }

    @Test
    void missingBlobAndAbandonedWriter() throws Exception {
        BlobStore s = store();
        Digest missing = Digest.ofBytes("never stored".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> s.open(missing)).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> s.size(missing)).isInstanceOf(BlobNotFoundException.class);
        byte[] bytes = "abandoned".getBytes(StandardCharsets.UTF_8);
        try (BlobWriter w = s.writer()) {
            w.stream().write(bytes);
        }
        assertThat(s.exists(Digest.ofBytes(bytes))).isFalse();
        assertThat(storedNames(s)).isEmpty();
    }

    /** Abandoned after more than one part's worth (multipart uploads, big temporary files): nothing is left. */
    @Test
    void anAbandonedLargeWriteLeavesNothing() throws Exception {
        BlobStore s = store();
        byte[] chunk = new byte[1 << 20];
        try (BlobWriter w = s.writer()) {
            for (int i = 0; i < 9; i++) w.stream().write(chunk);
        }
        assertThat(storedNames(s)).isEmpty();
    }

    @Test
    void corruptedBlobFailsVerificationOnRead() throws Exception {
        BlobStore s = store();
        BlobRef ref = s.put("pristine content".getBytes(StandardCharsets.UTF_8));
        corrupt(s, ref.digest());
        assertThatThrownBy(() -> s.readAll(ref.digest())).isInstanceOf(DigestMismatchException.class);
    }

    @Test
    void selectorsRoundTrip() throws Exception {
        BlobStore s = store();
        Digest key = Digest.ofBytes("key".getBytes(StandardCharsets.UTF_8));
        Digest target = Digest.ofBytes("target".getBytes(StandardCharsets.UTF_8));
        assertThat(s.readSelector(key)).isEmpty();
        s.writeSelector(key, target);
        assertThat(s.readSelector(key)).contains(target);
    }

    /** 64 MiB generated on the fly, larger than any buffer: written and read as streams, digests compared. */
    @Test
    void streamsA64MiBBlob() throws Exception {
        BlobStore s = store();
        MessageDigest sha = Digest.sha256();
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(5);
        BlobRef ref;
        try (BlobWriter w = s.writer()) {
            OutputStream out = w.stream();
            for (int i = 0; i < 64; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
                sha.update(chunk);
            }
            ref = w.commit();
        }
        Digest expected = Digest.fromRaw(sha.digest());
        assertThat(ref.digest()).isEqualTo(expected);
        assertThat(ref.size()).isEqualTo(64L << 20);
        assertThat(s.size(expected)).isEqualTo(64L << 20);
        MessageDigest back = Digest.sha256();
        try (InputStream in = s.open(expected)) {
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) back.update(buf, 0, n);
        }
        assertThat(Digest.fromRaw(back.digest())).isEqualTo(expected);
        assertThat(storedNames(s)).containsExactly("blobs/sha256/" + expected.hex());
    }
}
