package dev.stowage.blob.s3;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** Server-side copy of an object: one CopyObject up to 5 GiB, UploadPartCopy in 1 GiB parts above. */
final class S3Copy {
    private static final long COPY_PART = 1024L * 1024 * 1024;
    private final S3BlobStore store;

    S3Copy(S3BlobStore store) {
        this.store = store;
    }

    void copy(String from, String to, long size, long maxSingle) {
        String bucket = store.location().bucket();
        if (size <= maxSingle) {
            store.calls().run("COPY " + from, () -> store.client().copyObject(r -> r.sourceBucket(bucket).sourceKey(from)
                    .destinationBucket(bucket).destinationKey(to)));
            return;
        }
        String id = store.calls().run("start copy " + to, () -> store.client().createMultipartUpload(r -> r.bucket(bucket).key(to)).uploadId());
        List<CompletedPart> parts = new ArrayList<>();
        for (long offset = 0; offset < size; offset += COPY_PART) {
            long first = offset;
            long last = Math.min(size, offset + COPY_PART) - 1;
            int number = parts.size() + 1;
            String etag = store.calls().run("copy part " + number, () -> store.client().uploadPartCopy(r -> r.sourceBucket(bucket).sourceKey(from)
                    .destinationBucket(bucket).destinationKey(to).uploadId(id).partNumber(number)
                    .copySourceRange("bytes=" + first + "-" + last)).copyPartResult().eTag());
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        store.calls().run("complete copy " + to, () -> store.client().completeMultipartUpload(r -> r.bucket(bucket).key(to).uploadId(id)
                .multipartUpload(m -> m.parts(parts))));
    }
}
