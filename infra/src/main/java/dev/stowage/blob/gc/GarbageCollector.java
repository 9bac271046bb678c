package dev.stowage.blob.gc;

import dev.stowage.blob.BlobStore;
import dev.stowage.blob.StoredBlob;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.util.Collection;

/**
 * Mark and sweep over one blob store. {@link #plan} only reads; {@link #sweep} deletes what a plan
 * lets go: selectors first (so no layer cache hit can point at a blob being deleted), then blobs,
 * then staged uploads.
 */
public final class GarbageCollector {
    private final BlobStore store;

    public GarbageCollector(BlobStore store) {
        this.store = store;
    }

    /** @param roots index or manifest digests (or any blob) whose whole graph must stay */
    public GcPlan plan(Collection<Digest> roots, GcPolicy policy) throws IOException {
        return new Marker(store, policy).plan(roots);
    }

    public void sweep(GcPlan plan) throws IOException {
        store.deleteSelectors(plan.selectorsToDelete());
        store.delete(plan.blobsToDelete().stream().map(StoredBlob::digest).toList());
        store.deleteStaged(plan.stagedToDelete());
    }
}
