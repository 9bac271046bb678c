package dev.stowage.blob.s3;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Server-side copy of an object within the store's bucket: one CopyObject up to {@code maxSingle}
 * (S3's limit is 5 GiB), UploadPartCopy in {@code partSize} ranges above; a failed part copy
 * aborts its multipart upload, so nothing appears under the destination.
 */
final class S3Copy {
    static final long MAX_SINGLE = 5L * 1024 * 1024 * 1024;
    static final long PART = 1024L * 1024 * 1024;
    private final S3BlobStore store;
    private final long maxSingle;
    private final long partSize;

    S3Copy(S3BlobStore store, long maxSingle, long partSize) {
        this.store = store;
        this.maxSingle = maxSingle;
        this.partSize = partSize;
    }

    void copy(String from, String to, long size) {
        String bucket = store.location().bucket();
        if (size <= maxSingle) {
            store.calls().run("COPY " + from, () -> store.client().copyObject(r -> r.sourceBucket(bucket).sourceKey(from)
                    .destinationBucket(bucket).destinationKey(to)));
            return;
        }
        String id = store.calls().run("start copy " + to, () -> store.client().createMultipartUpload(r -> r.bucket(bucket).key(to)).uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += partSize) {
                String range = "bytes=" + offset + "-" + (Math.min(size, offset + partSize) - 1);
                int number = parts.size() + 1;
                String etag = store.calls().run("copy part " + number + " to " + to, () -> store.client().uploadPartCopy(r -> r
                        .sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to)
                        .uploadId(id).partNumber(number).copySourceRange(range)).copyPartResult().eTag());
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            store.calls().run("complete copy " + to, () -> store.client().completeMultipartUpload(r -> r.bucket(bucket).key(to).uploadId(id)
                    .multipartUpload(m -> m.parts(parts))));
        } catch (RuntimeException e) {
            try {
                store.client().abortMultipartUpload(r -> r.bucket(bucket).key(to).uploadId(id));
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }
}
