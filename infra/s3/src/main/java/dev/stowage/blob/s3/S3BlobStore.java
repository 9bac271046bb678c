package dev.stowage.blob.s3;

import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.blob.BlobStore;
import dev.stowage.blob.BlobWriter;
import dev.stowage.blob.StagedUpload;
import dev.stowage.blob.StoredBlob;
import dev.stowage.blob.StoredSelector;
import dev.stowage.blob.VerifyingInputStream;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Blobs in an S3 bucket: {@code <prefix>/blobs/sha256/<hex>}, selectors in
 * {@code <prefix>/selectors/sha256/<hex>}. A blob is written under a temporary key and copied to
 * its digest key only once its digest is known and checked, so no partly written object is ever
 * visible under a digest; reads verify the digest. Memory use does not grow with blob size.
 */
public final class S3BlobStore implements BlobStore {
    static final int PART_SIZE = 8 * 1024 * 1024;
    static final int DELETE_COPIES = 8;
    static final int EXISTENCE_CHECKS = 16;
    private final S3Client s3;
    private final S3Location location;
    private final S3Calls calls;
    private final S3Copy copier;
    private final S3Presigner presigner;

    /** How long one call keeps retrying a transient failure, unless told otherwise. */
    public static final Duration DEFAULT_RETRY_WINDOW = Duration.ofSeconds(60);

    public S3BlobStore(S3Location location) {
        this(location, DEFAULT_RETRY_WINDOW);
    }

    /** With the default credentials chain; each call retries transient failures for up to {@code retryWindow}. */
    public S3BlobStore(S3Location location, Duration retryWindow) {
        this(location, DefaultCredentialsProvider.builder().build(), retryWindow);
    }

    /** With explicit credentials and a transient-failure retry window (tests). */
    public S3BlobStore(S3Location location, AwsCredentialsProvider credentials, Duration retryWindow) {
        this(location, credentials, retryWindow, S3Copy.MAX_SINGLE, S3Copy.PART);
    }

    /** With small copy limits, so tests exercise part-wise server-side copies without 5 GiB blobs. */
    S3BlobStore(S3Location location, AwsCredentialsProvider credentials, Duration retryWindow, long maxSingleCopy, long copyPart) {
        this.location = location;
        this.copier = new S3Copy(this, maxSingleCopy, copyPart);
        this.calls = new S3Calls(location, retryWindow);
        this.s3 = S3Clients.create(location, credentials);
        this.presigner = S3Clients.presigner(location, credentials);
    }

    String blobKey(Digest d) {
        return location.key("blobs/" + d.algorithm() + "/" + d.hex());
    }

    private String deletedKey(Digest d) {
        return location.key("deleted/" + d.algorithm() + "/" + d.hex());
    }

    private String selectorKey(Digest d) {
        return location.key("selectors/" + d.algorithm() + "/" + d.hex());
    }

    S3Client client() {
        return s3;
    }

    S3Location location() {
        return location;
    }

    S3Calls calls() {
        return calls;
    }

    /** How a committed upload is copied to its digest key. */
    S3Copy copier() {
        return copier;
    }

    @Override
    public boolean exists(Digest digest) {
        return head(blobKey(digest)).isPresent() || recover(digest);
    }

    Optional<Long> head(String key) {
        return calls.run("HEAD " + key, () -> {
            try {
                return Optional.of(s3.headObject(r -> r.bucket(location.bucket()).key(key)).contentLength());
            } catch (NoSuchKeyException e) {
                return Optional.<Long>empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) return Optional.<Long>empty();
                throw e;
            }
        });
    }

    @Override
    public long size(Digest digest) throws IOException {
        Optional<Long> size = head(blobKey(digest));
        if (size.isEmpty() && recover(digest)) size = head(blobKey(digest));
        return size.orElseThrow(() -> new BlobNotFoundException(digest, describe()));
    }

    /** Copies a blob deleted recoverably back into place (its LastModified is now); false if there is none. */
    private boolean recover(Digest digest) {
        Optional<Long> aside = head(deletedKey(digest));
        if (aside.isEmpty()) return false;
        try {
            copier.copy(deletedKey(digest), blobKey(digest), aside.get());
            return true;
        } catch (IllegalStateException e) {
            if (S3Calls.notFound(e)) return false; // purged meanwhile
            throw e;
        }
    }

    @Override
    public InputStream open(Digest digest) throws IOException {
        InputStream body = get(digest);
        if (body == null && recover(digest)) body = get(digest);
        if (body == null) throw new BlobNotFoundException(digest, describe());
        return new VerifyingInputStream(body, digest, describe());
    }

    private InputStream get(Digest digest) {
        String key = blobKey(digest);
        return calls.run("GET " + key, () -> {
            try {
                return (InputStream) s3.getObject(r -> r.bucket(location.bucket()).key(key));
            } catch (NoSuchKeyException e) {
                return null;
            }
        });
    }

    @Override
    public BlobWriter writer() {
        return new S3BlobWriter(this);
    }

    @Override
    public Optional<Digest> readSelector(Digest selector) throws IOException {
        String key = selectorKey(selector);
        byte[] bytes = calls.run("GET " + key, () -> {
            try {
                return s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(key)).asByteArray();
            } catch (NoSuchKeyException e) {
                return null;
            }
        });
        if (bytes == null) return Optional.empty();
        try {
            return Optional.of(Digest.parse(new String(bytes, StandardCharsets.US_ASCII).trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void writeSelector(Digest selector, Digest target) {
        String key = selectorKey(selector);
        calls.run("PUT " + key, () -> s3.putObject(r -> r.bucket(location.bucket()).key(key),
                RequestBody.fromString(target.toString(), StandardCharsets.US_ASCII)));
    }

    @Override
    public List<StoredBlob> list() {
        return new S3Inventory(this).blobs();
    }

    @Override
    public List<StoredSelector> listSelectors() {
        return new S3Inventory(this).selectors();
    }

    @Override
    public List<StagedUpload> listStaged() {
        return new S3Inventory(this).staged();
    }

    /**
     * Copies each blob to {@code deleted/} (LastModified = the deletion; {@value #DELETE_COPIES}
     * server-side copies at a time), then deletes the originals in batches.
     */
    @Override
    public void delete(Collection<Digest> blobs) throws IOException {
        List<Digest> aside = eachInParallel(blobs, DELETE_COPIES, this::setAside).stream().flatMap(Optional::stream).toList();
        new S3Inventory(this).deleteKeys(aside.stream().map(d -> "blobs/" + d.algorithm() + "/" + d.hex()).toList());
    }

    /** One HEAD per blob, {@value #EXISTENCE_CHECKS} at a time (a no-op rebuild checks a few hundred). */
    @Override
    public List<Digest> missing(Collection<Digest> digests) throws IOException {
        List<Digest> given = List.copyOf(digests);
        List<Boolean> stored = eachInParallel(given, EXISTENCE_CHECKS, this::exists);
        List<Digest> missing = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) if (!stored.get(i)) missing.add(given.get(i));
        return missing;
    }

    /** {@code each} of {@code digests}, {@code threads} at a time; the results in the order given. */
    private <T> List<T> eachInParallel(Collection<Digest> digests, int threads, Function<Digest, T> each) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> running = new ArrayList<>();
            for (Digest d : digests) running.add(pool.submit(() -> each.apply(d)));
            List<T> results = new ArrayList<>();
            for (Future<T> r : running) results.add(r.get());
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + describe());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Optional<Digest> setAside(Digest d) {
        Optional<Long> size = head(blobKey(d));
        if (size.isEmpty()) return Optional.empty();
        try {
            copier.copy(blobKey(d), deletedKey(d), size.get());
            return Optional.of(d);
        } catch (IllegalStateException e) {
            if (S3Calls.notFound(e)) return Optional.empty(); // deleted meanwhile
            throw e;
        }
    }

    @Override
    public List<StoredBlob> listDeleted() {
        return new S3Inventory(this).deleted();
    }

    @Override
    public void purge(Collection<Digest> deleted) {
        new S3Inventory(this).deleteKeys(deleted.stream().map(d -> "deleted/" + d.algorithm() + "/" + d.hex()).toList());
    }

    @Override
    public void deleteSelectors(Collection<Digest> selectors) {
        new S3Inventory(this).deleteKeys(selectors.stream().map(d -> "selectors/" + d.algorithm() + "/" + d.hex()).toList());
    }

    @Override
    public void deleteStaged(Collection<StagedUpload> staged) {
        S3Inventory inventory = new S3Inventory(this);
        for (StagedUpload u : staged) {
            if (!u.name().startsWith("uploads/")) throw new IllegalArgumentException("not a staged upload of " + describe() + ": " + u.name());
            if (u.uploadId() != null) inventory.abort(u.name(), u.uploadId());
        }
        inventory.deleteKeys(staged.stream().filter(u -> u.uploadId() == null).map(StagedUpload::name).toList());
    }

    /** A copy onto itself with replaced metadata renews LastModified (objects up to 5 GiB; larger ones keep theirs). */
    @Override
    public void touch(Digest blob) throws IOException {
        String key = blobKey(blob);
        long size = size(blob);
        if (size > S3Copy.MAX_SINGLE) return;
        calls.run("touch " + key, () -> s3.copyObject(r -> r.sourceBucket(location.bucket()).sourceKey(key)
                .destinationBucket(location.bucket()).destinationKey(key)
                .metadataDirective(MetadataDirective.REPLACE)));
    }

    /** A presigned GET of the blob's key, valid for {@code ttl}; signing is local (no request is made). */
    @Override
    public Optional<URI> readUrl(Digest digest, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("a presigned URL needs a positive lifetime, got " + ttl);
        String key = blobKey(digest);
        try {
            return Optional.of(presigner.presignGetObject(p -> p.signatureDuration(ttl).getObjectRequest(g -> g.bucket(location.bucket()).key(key)))
                    .url().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the presigned URL of " + key + " is not a URI", e);
        }
    }

    @Override
    public String describe() {
        return location.toString();
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }
}
