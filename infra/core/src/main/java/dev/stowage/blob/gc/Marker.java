package dev.stowage.blob.gc;

import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.blob.BlobStore;
import dev.stowage.blob.StagedUpload;
import dev.stowage.blob.StoredBlob;
import dev.stowage.blob.StoredSelector;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The mark phase. Roots: the images to keep (index or manifest digests), every blob younger than
 * the grace period, the target of every selector younger than it, and the state of unfinished
 * builds. From each marked JSON document every digest it names is marked (index → manifests →
 * config and layers, state record → the record before it and its layers); then referrers whose subject is marked
 * (SBOMs, provenance), until nothing changes; then layer cache selectors whose record names only
 * marked blobs. Only blobs up to {@link #MAX_DOCUMENT} bytes are read as documents.
 */
final class Marker {
    static final long MAX_DOCUMENT = 4L * 1024 * 1024;
    private final BlobStore store;
    private final GcPolicy policy;
    private final Map<Digest, StoredBlob> inventory = new TreeMap<>();
    private final Map<Digest, DocumentReferences> documents = new HashMap<>();
    private final Set<Digest> marked = new HashSet<>();

    Marker(BlobStore store, GcPolicy policy) {
        this.store = store;
        this.policy = policy;
    }

    GcPlan plan(Collection<Digest> roots) throws IOException {
        store.list().forEach(b -> inventory.put(b.digest(), b));
        List<StoredSelector> selectors = new ArrayList<>(store.listSelectors());
        selectors.sort(Comparator.comparing(StoredSelector::selector));
        List<StagedUpload> staged = store.listStaged();
        List<StoredBlob> purge = store.listDeleted().stream().filter(b -> !policy.young(b.lastModified()))
                .sorted(Comparator.comparing(StoredBlob::digest)).toList();

        List<Digest> missing = roots.stream().filter(r -> !inventory.containsKey(r)).sorted().distinct().toList();
        Deque<Digest> work = new ArrayDeque<>(roots);
        inventory.values().stream().filter(b -> policy.young(b.lastModified())).forEach(b -> work.add(b.digest()));

        Map<Digest, Digest> targets = new TreeMap<>();
        Set<Digest> keptSelectors = new HashSet<>();
        for (StoredSelector s : selectors) {
            Optional<Digest> target = store.readSelector(s.selector());
            if (target.isEmpty()) continue; // unreadable: it selects nothing
            targets.put(s.selector(), target.get());
            DocumentReferences doc = document(target.get());
            boolean young = policy.young(s.lastModified());
            boolean liveState = doc.isBuildState() && !doc.buildFinished() && s.lastModified().isAfter(policy.now().minus(policy.unfinishedFor()));
            if (young || liveState) {
                keptSelectors.add(s.selector());
                work.add(target.get());
            }
        }
        walk(work);
        markReferrers();

        for (Map.Entry<Digest, Digest> e : targets.entrySet()) {
            if (keptSelectors.contains(e.getKey())) continue;
            DocumentReferences doc = document(e.getValue());
            if (doc.isBuildState() || !inventory.containsKey(e.getValue())) continue;
            List<Digest> stored = doc.digests().stream().filter(inventory::containsKey).toList();
            if (!stored.isEmpty() && marked.containsAll(stored)) {
                keptSelectors.add(e.getKey());
                walk(new ArrayDeque<>(List.of(e.getValue())));
            }
        }

        List<StoredBlob> kept = new ArrayList<>();
        List<StoredBlob> drop = new ArrayList<>();
        for (StoredBlob b : inventory.values()) (marked.contains(b.digest()) ? kept : drop).add(b);
        List<StoredSelector> dropSelectors = selectors.stream()
                .filter(s -> !keptSelectors.contains(s.selector()) && !policy.young(s.lastModified()))
                .toList();
        List<StagedUpload> dropStaged = staged.stream().filter(u -> !policy.young(u.lastModified()))
                .sorted(Comparator.comparing(StagedUpload::name)).toList();
        return new GcPlan(kept, drop, dropSelectors, dropStaged, keptSelectors.size(), missing, purge);
    }

    private void walk(Deque<Digest> work) throws IOException {
        while (!work.isEmpty()) {
            Digest d = work.pop();
            if (!inventory.containsKey(d) || !marked.add(d)) continue;
            work.addAll(document(d).digests());
        }
    }

    /** Referrers of marked blobs, transitively (an attestation of an SBOM of the image). */
    private void markReferrers() throws IOException {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (StoredBlob b : List.copyOf(inventory.values())) {
                if (marked.contains(b.digest())) continue;
                Optional<Digest> subject = document(b.digest()).subject();
                if (subject.isPresent() && marked.contains(subject.get())) {
                    walk(new ArrayDeque<>(List.of(b.digest())));
                    changed = true;
                }
            }
        }
    }

    /** The references of a blob, read once; a large blob or one that does not start with '{' has none. */
    private DocumentReferences document(Digest d) throws IOException {
        DocumentReferences known = documents.get(d);
        if (known != null) return known;
        StoredBlob b = inventory.get(d);
        DocumentReferences doc = DocumentReferences.NONE;
        if (b != null && b.size() > 0 && b.size() <= MAX_DOCUMENT) {
            try (InputStream in = store.open(d)) {
                int first = in.read();
                if (first == '{') {
                    byte[] rest = in.readAllBytes();
                    byte[] all = new byte[rest.length + 1];
                    all[0] = '{';
                    System.arraycopy(rest, 0, all, 1, rest.length);
                    doc = DocumentReferences.of(all);
                }
            } catch (BlobNotFoundException gone) {
                // deleted since the listing (by another collector): nothing to follow
            }
        }
        documents.put(d, doc);
        return doc;
    }
}
