package dev.stowage.blob.gc;

import dev.stowage.blob.BlobStore;
import dev.stowage.blob.StoredBlob;
import dev.stowage.blob.StoredSelector;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mark and sweep over one blob store. {@link #plan} only reads; {@link #sweep} deletes what a plan
 * lets go: selectors first (so no layer cache hit can point at a blob being deleted), then blobs,
 * then staged uploads. Right before deleting, the store is listed again and whatever was written
 * or touched since the plan (a concurrent build reusing a blob) is spared. Blobs are deleted
 * recoverably ({@link BlobStore#delete}): a build that reused one between that second listing and
 * the delete gets it back when it reads it; what an earlier sweep deleted more than the grace
 * period ago is purged for good. What was actually deleted is returned.
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

    public GcPlan sweep(GcPlan plan) throws IOException {
        Map<Digest, Instant> selectorsNow = new HashMap<>();
        for (StoredSelector s : store.listSelectors()) selectorsNow.put(s.selector(), s.lastModified());
        List<StoredSelector> selectors = plan.selectorsToDelete().stream()
                .filter(s -> s.lastModified().equals(selectorsNow.get(s.selector())))
                .toList();
        store.deleteSelectors(selectors.stream().map(StoredSelector::selector).toList());

        Map<Digest, Instant> deletedNow = new HashMap<>();
        for (StoredBlob b : store.listDeleted()) deletedNow.put(b.digest(), b.lastModified());
        List<StoredBlob> purged = unchanged(plan.deletedToPurge(), deletedNow);
        store.purge(purged.stream().map(StoredBlob::digest).toList());

        Map<Digest, Instant> blobsNow = new HashMap<>();
        for (StoredBlob b : store.list()) blobsNow.put(b.digest(), b.lastModified());
        List<StoredBlob> blobs = unchanged(plan.blobsToDelete(), blobsNow);
        store.delete(blobs.stream().map(StoredBlob::digest).toList());
        store.deleteStaged(plan.stagedToDelete());
        return new GcPlan(plan.kept(), blobs, selectors, plan.stagedToDelete(), plan.selectorsKept(), plan.missingRoots(), purged);
    }

    private static List<StoredBlob> unchanged(List<StoredBlob> planned, Map<Digest, Instant> now) {
        return planned.stream().filter(b -> b.lastModified().equals(now.get(b.digest()))).toList();
    }
}
