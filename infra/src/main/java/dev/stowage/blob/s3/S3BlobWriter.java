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
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams a blob to S3: parts of {@link S3BlobStore#PART_SIZE} bytes go to a multipart upload under
 * {@code <prefix>/uploads/<uuid>} as they fill (one part in memory); on commit the object is copied
 * to its digest key unless that exists, and the temporary object removed. A blob smaller than one
 * part is put directly under its digest key. Abandoning the writer aborts the upload.
 */
final class S3BlobWriter implements BlobWriter {
    private static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;
    private final S3BlobStore store;
    private final String bucket;
    private final String tempKey;
    private final byte[] part = new byte[S3BlobStore.PART_SIZE];
    private int filled;
    private String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final DigestingOutputStream stream;
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
                while (len > 0) {
                    int n = Math.min(len, part.length - filled);
                    System.arraycopy(b, off, part, filled, n);
                    filled += n;
                    off += n;
                    len -= n;
                    if (filled == part.length) flushPart();
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
        byte[] bytes = java.util.Arrays.copyOf(part, filled);
        String etag = store.calls().run("upload part " + number + " of " + tempKey, () -> store.client().uploadPart(
                r -> r.bucket(bucket).key(tempKey).uploadId(uploadId).partNumber(number), RequestBody.fromBytes(bytes)).eTag());
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        filled = 0;
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public BlobRef commit() throws IOException {
        return commit(null);
    }

    @Override
    public BlobRef commit(Digest expected) throws IOException {
        stream.flush();
        done = true;
        Digest actual = stream.digest();
        long size = stream.count();
        if (expected != null && !expected.equals(actual)) {
            abort();
            throw new DigestMismatchException(expected, actual, store.describe());
        }
        String finalKey = store.blobKey(actual);
        if (store.head(finalKey).isPresent()) {
            abort();
            return new BlobRef(actual, size);
        }
        if (uploadId == null) {
            byte[] bytes = java.util.Arrays.copyOf(part, filled);
            store.calls().run("PUT " + finalKey, () -> store.client().putObject(r -> r.bucket(bucket).key(finalKey), RequestBody.fromBytes(bytes)));
            return new BlobRef(actual, size);
        }
        if (filled > 0) flushPart();
        store.calls().run("complete upload " + tempKey, () -> store.client().completeMultipartUpload(r -> r.bucket(bucket).key(tempKey)
                .uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
        uploadId = null;
        try {
            new S3Copy(store).copy(tempKey, finalKey, size, MAX_SINGLE_COPY);
        } finally {
            store.calls().run("DELETE " + tempKey, () -> store.client().deleteObject(r -> r.bucket(bucket).key(tempKey)));
        }
        return new BlobRef(actual, size);
    }

    private void abort() {
        if (uploadId == null) return;
        String id = uploadId;
        uploadId = null;
        store.calls().run("abort upload " + tempKey, () -> store.client().abortMultipartUpload(r -> r.bucket(bucket).key(tempKey).uploadId(id)));
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            abort();
        }
    }
}
