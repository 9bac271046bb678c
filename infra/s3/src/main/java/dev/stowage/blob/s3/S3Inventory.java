package dev.stowage.blob.s3;

import dev.stowage.blob.StagedUpload;
import dev.stowage.blob.StoredBlob;
import dev.stowage.blob.StoredSelector;
import dev.stowage.oci.Digest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists and deletes a store's objects for garbage collection: ListObjectsV2 page by page (each
 * page one retried call), DeleteObjects in batches of at most 1000 keys, multipart uploads listed
 * and aborted. Keys outside the store's layout (not a sha256 hex) are never listed as blobs.
 */
final class S3Inventory {
    static final int DELETE_BATCH = 1000;
    private final S3BlobStore store;

    S3Inventory(S3BlobStore store) {
        this.store = store;
    }

    List<StoredBlob> blobs() {
        List<StoredBlob> out = new ArrayList<>();
        objects("blobs/sha256/", o -> digestOf(o).ifPresent(d -> out.add(new StoredBlob(d, o.size(), o.lastModified()))));
        return out;
    }

    List<StoredBlob> deleted() {
        List<StoredBlob> out = new ArrayList<>();
        objects("deleted/sha256/", o -> digestOf(o).ifPresent(d -> out.add(new StoredBlob(d, o.size(), o.lastModified()))));
        return out;
    }

    List<StoredSelector> selectors() {
        List<StoredSelector> out = new ArrayList<>();
        objects("selectors/sha256/", o -> digestOf(o).ifPresent(d -> out.add(new StoredSelector(d, o.lastModified()))));
        return out;
    }

    List<StagedUpload> staged() {
        List<StagedUpload> out = new ArrayList<>();
        String root = store.location().key("");
        objects("uploads/", o -> out.add(new StagedUpload(o.key().substring(root.length()), null, o.size(), o.lastModified())));
        String prefix = store.location().key("uploads/");
        String bucket = store.location().bucket();
        String token = null;
        String uploadMarker = null;
        try {
            while (true) {
                String k = token;
                String u = uploadMarker;
                var page = store.calls().run("list uploads " + prefix, () -> store.client().listMultipartUploads(
                        r -> r.bucket(bucket).prefix(prefix).keyMarker(k).uploadIdMarker(u)));
                for (var up : page.uploads()) {
                    out.add(new StagedUpload(up.key().substring(root.length()), up.uploadId(), 0, up.initiated()));
                }
                if (!Boolean.TRUE.equals(page.isTruncated())) break;
                token = page.nextKeyMarker();
                uploadMarker = page.nextUploadIdMarker();
            }
        } catch (IllegalStateException e) {
            // a server without ListMultipartUploads (501): a bucket lifecycle rule reaps those
            if (!(e.getCause() instanceof S3Exception s && s.statusCode() == 501)) throw e;
        }
        return out;
    }

    void deleteKeys(Collection<String> relativeKeys) {
        List<String> keys = relativeKeys.stream().map(k -> store.location().key(k)).toList();
        String bucket = store.location().bucket();
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            var result = store.calls().run("DELETE " + batch.size() + " objects", () -> store.client().deleteObjects(
                    r -> r.bucket(bucket).delete(d -> d.objects(batch).quiet(true))));
            if (result.hasErrors() && !result.errors().isEmpty()) {
                var first = result.errors().get(0);
                throw new IllegalStateException("deleting " + first.key() + " at " + store.location() + " failed: " + first.code()
                        + " (" + result.errors().size() + " of " + batch.size() + " keys not deleted)");
            }
        }
    }

    void abort(String relativeKey, String uploadId) {
        String key = store.location().key(relativeKey);
        String bucket = store.location().bucket();
        try {
            store.calls().run("abort upload " + key, () -> store.client().abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)));
        } catch (IllegalStateException e) {
            if (!S3Calls.notFound(e)) throw e; // finished or aborted meanwhile
        }
    }

    private void objects(String relative, Consumer<S3Object> each) {
        String prefix = store.location().key(relative);
        String bucket = store.location().bucket();
        String token = null;
        while (true) {
            String t = token;
            var page = store.calls().run("list " + prefix, () -> store.client().listObjectsV2(
                    r -> r.bucket(bucket).prefix(prefix).continuationToken(t)));
            page.contents().forEach(each);
            if (!Boolean.TRUE.equals(page.isTruncated())) return;
            token = page.nextContinuationToken();
        }
    }

    private static Optional<Digest> digestOf(S3Object o) {
        String key = o.key();
        String hex = key.substring(key.lastIndexOf('/') + 1);
        return hex.matches("[0-9a-f]{64}") ? Optional.of(new Digest("sha256", hex)) : Optional.empty();
    }
}
