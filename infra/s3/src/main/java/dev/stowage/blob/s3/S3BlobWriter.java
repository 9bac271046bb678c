package dev.stowage.blob.s3;

import dev.stowage.blob.BlobRef;
import dev.stowage.blob.BlobWriter;
import dev.stowage.blob.DigestMismatchException;
import dev.stowage.blob.DigestingOutputStream;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams a blob to S3: parts of {@link S3BlobStore#PART_SIZE} bytes go to a multipart upload under
 * {@code <prefix>/uploads/<uuid>} as they fill (at most one part in memory); on commit, once the
 * digest is known and checked, the object is copied to its digest key unless that exists, and the
 * temporary object removed. A blob smaller than one part is put directly under its digest key (a
 * single PUT is atomic, and its digest is already known and checked). Abandoning the writer, or
 * any failure during commit, aborts the upload.
 */
final class S3BlobWriter implements BlobWriter {
    private final S3BlobStore store;
    private final String bucket;
    private final String tempKey;
    private final PartBuffer part = new PartBuffer(S3BlobStore.PART_SIZE);
    private final List<CompletedPart> parts = new ArrayList<>();
    private final DigestingOutputStream stream;
    private String uploadId;
    private boolean done;

    S3BlobWriter(S3BlobStore store) {
        this.store = store;
        this.bucket = store.location().bucket();
        this.tempKey = store.location().key("uploads/" + UUID.randomUUID());
        this.stream = new DigestingOutputStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (done) throw new IllegalStateException("blob writer for " + tempKey + " is already committed or closed");
                while (len > 0) {
                    int n = part.fill(b, off, len);
                    off += n;
                    len -= n;
                    if (part.full()) flushPart();
                }
            }
        });
    }

    private void flushPart() {
        if (uploadId == null) {
            uploadId = store.calls().run("start upload " + tempKey,
                    () -> store.client().createMultipartUpload(r -> r.bucket(bucket).key(tempKey)).uploadId());
        }
        int number = parts.size() + 1;
        String etag = store.calls().run("upload part " + number + " of " + tempKey, () -> store.client().uploadPart(
                r -> r.bucket(bucket).key(tempKey).uploadId(uploadId).partNumber(number), part.body()).eTag());
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        part.clear();
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public BlobRef commit(Digest expected) throws IOException {
        stream.flush();
        done = true;
        BlobRef ref = new BlobRef(stream.digest(), stream.count());
        try {
            if (expected != null && !expected.equals(ref.digest())) {
                throw new DigestMismatchException(expected, ref.digest(), store.describe());
            }
            String finalKey = store.blobKey(ref.digest());
            if (store.head(finalKey).isPresent() && store.touchIfStored(ref.digest())) {
                abort();
            } else if (uploadId == null) {
                store.calls().run("PUT " + finalKey, () -> store.client().putObject(r -> r.bucket(bucket).key(finalKey), part.body()));
            } else {
                completeAndCopy(finalKey, ref.size());
            }
            return ref;
        } catch (IOException | RuntimeException e) {
            abortQuietly(e);
            throw e;
        }
    }

    private void completeAndCopy(String finalKey, long size) {
        if (!part.isEmpty()) flushPart();
        try {
            store.calls().run("complete upload " + tempKey, () -> store.client().completeMultipartUpload(r -> r.bucket(bucket).key(tempKey)
                    .uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
        } catch (IllegalStateException e) {
            // A retried complete whose first attempt succeeded but whose answer was lost finds no upload.
            if (!S3Calls.notFound(e) || !store.head(tempKey).equals(Optional.of(size))) throw e;
        }
        uploadId = null;
        try {
            store.copier().copy(tempKey, finalKey, size);
        } catch (RuntimeException e) {
            deleteTemp(e);
            throw e;
        }
        deleteTemp(null);
    }

    /**
     * The blob is durable under its digest, or the copy failed (then one attempt, no second retry
     * window): a leftover temporary object is garbage, not an error.
     */
    private void deleteTemp(Exception primary) {
        try {
            if (primary != null) {
                store.client().deleteObject(r -> r.bucket(bucket).key(tempKey));
            } else {
                store.calls().run("DELETE " + tempKey, () -> store.client().deleteObject(r -> r.bucket(bucket).key(tempKey)));
            }
        } catch (RuntimeException e) {
            if (primary != null) primary.addSuppressed(e);
        }
    }

    private void abort() {
        if (uploadId == null) return;
        String id = uploadId;
        uploadId = null;
        try {
            store.calls().run("abort upload " + tempKey, () -> store.client().abortMultipartUpload(r -> r.bucket(bucket).key(tempKey).uploadId(id)));
        } catch (IllegalStateException e) {
            if (!S3Calls.notFound(e)) throw e; // a retried abort whose first attempt succeeded
        }
    }

    /** After a failed commit: one attempt, no retry window (a bucket lifecycle rule reaps what is left). */
    private void abortQuietly(Exception primary) {
        if (uploadId == null) return;
        String id = uploadId;
        uploadId = null;
        try {
            store.client().abortMultipartUpload(r -> r.bucket(bucket).key(tempKey).uploadId(id));
        } catch (RuntimeException e) {
            primary.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            abort();
        }
    }
}
