package dev.stowage.registryserver;

import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.DocumentSource;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.StoredImageReader;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a digest belongs to a repository, as a distribution registry links content to a name:
 * a manifest is the index (or manifest) one of the name's tags points at, one of that index's
 * child manifests, or a referrer of either; a blob is the config or a layer of one of those. Tags
 * are looked up without building ({@link Repository#peek}). What an index holds never changes (it
 * is content addressed), so it is remembered per index digest (at most {@link #REMEMBERED}); the
 * referrers, which can grow, are read again on every miss. The documents are Stowage's, read with
 * {@link StoredImageReader#ours}; a child the store lacks adds nothing.
 */
final class RepositoryContents {
    static final int REMEMBERED = 1024;
    private final BlobStore store;
    private final StoredImageReader reader;
    private final Referrers referrers;
    private final Map<Digest, Contents> remembered = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Digest, Contents> eldest) {
            return size() > REMEMBERED;
        }
    });

    RepositoryContents(BlobStore store, Referrers referrers) {
        this.store = store;
        this.reader = StoredImageReader.ours(DocumentSource.of(store));
        this.referrers = referrers;
    }

    enum Kind { MANIFEST, BLOB }

    /** The manifests (the document itself and its children) and the blobs (configs, layers) a manifest or index holds. */
    private record Contents(Set<Digest> manifests, Set<Digest> blobs) {
        Set<Digest> of(Kind kind) {
            return kind == Kind.MANIFEST ? manifests : blobs;
        }
    }

    boolean contains(Repository repo, Digest digest, Kind kind) throws IOException {
        for (String tag : repo.tags()) {
            Optional<Digest> top = repo.peek(tag);
            if (top.isEmpty()) continue;
            Contents own = remembered.get(top.get());
            if (own == null) {
                own = walk(top.get());
                remembered.put(top.get(), own);
            }
            if (own.of(kind).contains(digest)) return true;
            for (Digest subject : own.manifests()) {
                for (Descriptor r : referrers.of(subject)) {
                    if (kind == Kind.MANIFEST ? r.digest().equals(digest) : walk(r.digest()).blobs().contains(digest)) return true;
                }
            }
        }
        return false;
    }

    private Contents walk(Digest top) throws IOException {
        Set<Digest> manifests = new TreeSet<>();
        Set<Digest> blobs = new TreeSet<>();
        collect(top, manifests, blobs);
        return new Contents(Set.copyOf(manifests), Set.copyOf(blobs));
    }

    /** Adds {@code digest} (a manifest or index) and what it references: children to {@code manifests}, configs and layers to {@code blobs}. */
    private void collect(Digest digest, Set<Digest> manifests, Set<Digest> blobs) throws IOException {
        Optional<StoredManifest> m = StoredManifest.read(store, digest);
        if (m.isEmpty() || !manifests.add(digest)) return;
        if (MediaTypes.isIndex(m.get().mediaType())) {
            for (Descriptor child : reader.index(m.get().descriptor(), m.get().bytes()).manifests()) collect(child.digest(), manifests, blobs);
            return;
        }
        ImageManifest manifest = reader.manifest(m.get().descriptor(), m.get().bytes());
        blobs.add(manifest.config().digest());
        for (Descriptor layer : manifest.layers()) blobs.add(layer.digest());
    }
}
