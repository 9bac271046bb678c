package dev.stowage.blob.gc;

import dev.stowage.blob.StagedUpload;
import dev.stowage.blob.StoredBlob;
import dev.stowage.blob.StoredSelector;
import dev.stowage.oci.Digest;
import java.util.List;

/**
 * The outcome of the mark phase: what stays and what may go, each list sorted (by digest, or name).
 * {@code missingRoots} are roots the store does not hold (nothing of them can be kept);
 * {@code deletedToPurge} are blobs an earlier sweep deleted, aside for longer than the grace period.
 */
public record GcPlan(
        List<StoredBlob> kept, List<StoredBlob> blobsToDelete, List<StoredSelector> selectorsToDelete, List<StagedUpload> stagedToDelete,
        int selectorsKept, List<Digest> missingRoots, List<StoredBlob> deletedToPurge) {
    public GcPlan {
        kept = List.copyOf(kept);
        blobsToDelete = List.copyOf(blobsToDelete);
        selectorsToDelete = List.copyOf(selectorsToDelete);
        stagedToDelete = List.copyOf(stagedToDelete);
        missingRoots = List.copyOf(missingRoots);
        deletedToPurge = List.copyOf(deletedToPurge);
    }

    public long bytesKept() {
        return kept.stream().mapToLong(StoredBlob::size).sum();
    }

    public long bytesPurged() {
        return deletedToPurge.stream().mapToLong(StoredBlob::size).sum();
    }

    public long bytesDeleted() {
        return blobsToDelete.stream().mapToLong(StoredBlob::size).sum() + stagedToDelete.stream().mapToLong(StagedUpload::size).sum();
    }
}
