package dev.stowage.publisher.registrycache;

import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Annotations;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.ImageName;
import dev.stowage.oci.StoredImageReader;
import dev.stowage.registry.BlobHead;
import dev.stowage.registry.ManifestGet;
import dev.stowage.registry.PulledManifest;
import dev.stowage.registry.RegistryCaller;
import dev.stowage.registry.RegistryDocuments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads back what an earlier run recorded in the registry it pushed to (docs/registry.md, "The
 * registry as the cache"): the index's build input digest and, per layer descriptor, the layer
 * cache key. The documents are read with {@link StoredImageReader#foreign} (a registry may have
 * rewritten what was pushed). Nothing is taken on the registry's word alone where it can be
 * checked without the layer bytes: manifests are fetched by digest (and verified), each layer blob must answer a
 * {@code HEAD}, a layer's diffID comes from its image config (downloaded, verified, into the blob
 * store: the same bytes a cold build writes), a config whose diffIDs do not line up with the
 * manifest's layers gives no entry, and a key that two manifests map to different layers is
 * dropped. Read with the credentials the push uses; one reader per caller, not thread-safe.
 */
public final class PublishedImageReader {
    private final BlobStore store;
    private final RegistryCaller caller;

    public PublishedImageReader(BlobStore store, RegistryCaller caller) {
        this.store = store;
        this.caller = caller;
    }

    /** Empty when the registry has nothing at {@code ref}. */
    public Optional<PublishedImage> read(ImageName ref) throws IOException {
        String repository = ref.repository();
        Optional<PulledManifest> top = caller.call(new ManifestGet(repository, ref.manifestReference()));
        if (top.isEmpty()) return Optional.empty();
        StoredImageReader reader = StoredImageReader.foreign(new RegistryDocuments(caller, repository, store));
        Scan scan = new Scan(repository, reader);
        if (top.get().isIndex()) {
            for (Descriptor entry : reader.index(top.get().descriptor(), top.get().bytes()).manifests()) {
                Optional<ImageManifest> manifest = reader.findManifest(entry);
                if (manifest.isEmpty()) scan.missing.add(entry);
                else scan.manifest(manifest.get());
            }
        } else {
            scan.manifest(reader.manifest(top.get().descriptor(), top.get().bytes()));
        }
        scan.conflicting.forEach(scan.byKey::remove);
        return Optional.of(new PublishedImage(top.get().digest(), List.copyOf(scan.byKey.values()), scan.missing));
    }

    /** The layers and missing blobs found so far. */
    private final class Scan {
        final String repository;
        final StoredImageReader reader;
        final Map<Digest, PublishedLayer> byKey = new LinkedHashMap<>();
        final Set<Digest> conflicting = new HashSet<>();
        final List<Descriptor> missing = new ArrayList<>();
        final Map<Digest, Boolean> present = new HashMap<>();

        Scan(String repository, StoredImageReader reader) {
            this.repository = repository;
            this.reader = reader;
        }

        void manifest(ImageManifest manifest) throws IOException {
            Descriptor config = manifest.config();
            if (!has(config)) {
                missing.add(config);
                return;
            }
            ImageConfig image = reader.config(config);
            List<Digest> diffIds = image.rootfs() == null ? List.of() : image.rootfs().diffIds();
            boolean aligned = diffIds.size() == manifest.layers().size();
            for (int i = 0; i < manifest.layers().size(); i++) {
                Descriptor layer = manifest.layers().get(i);
                if (!has(layer)) {
                    missing.add(layer);
                    continue;
                }
                Optional<Digest> key = digestAnnotation(layer.annotations(), Annotations.LAYER_KEY);
                if (key.isEmpty() || !aligned) continue;
                PublishedLayer found = new PublishedLayer(key.get(), diffIds.get(i), layer);
                PublishedLayer seen = byKey.putIfAbsent(key.get(), found);
                if (seen != null && !seen.equals(found)) conflicting.add(key.get());
            }
        }

        private boolean has(Descriptor blob) {
            return present.computeIfAbsent(blob.digest(), d -> caller.call(new BlobHead(repository, d)));
        }
    }

    /** The annotation as a digest; empty when absent or not a digest (then it is not used). */
    static Optional<Digest> digestAnnotation(Map<String, String> annotations, String name) {
        String value = annotations.get(name);
        if (value == null) return Optional.empty();
        try {
            return Optional.of(Digest.parse(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
