package dev.stowage.publisher.registrycache;

import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.ImageName;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.StoredImage;
import dev.stowage.oci.StoredImageReader;
import dev.stowage.registry.ManifestGet;
import dev.stowage.registry.PulledManifest;
import dev.stowage.registry.RegistryCaller;
import dev.stowage.registry.RegistryDocuments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what a registry reference holds when it is an OCI index Stowage published with its
 * provenance attached (the referrers tag {@code sha256-<hex>}, docs/registry.md): a handful of
 * requests, no layer. The documents are read with {@link StoredImageReader#foreign} (a registry
 * may have rewritten what was pushed): manifests are fetched by digest and verified; the configs
 * and the provenance statement are downloaded into the blob store (verified, small: the same bytes
 * a build writes). Empty when the reference holds nothing, something else, or an index without
 * provenance. Not thread-safe; one reader per caller.
 */
public final class PublishedBuildReader {
    private final BlobStore store;
    private final RegistryCaller caller;

    public PublishedBuildReader(BlobStore store, RegistryCaller caller) {
        this.store = store;
        this.caller = caller;
    }

    public Optional<PublishedBuild> read(ImageName ref) throws IOException {
        String repository = ref.repository();
        Optional<PulledManifest> top = caller.call(new ManifestGet(repository, ref.manifestReference()));
        if (top.isEmpty() || !top.get().mediaType().equals(MediaTypes.OCI_INDEX)) return Optional.empty();
        Descriptor index = top.get().descriptor();
        Optional<PulledManifest> tagged = caller.call(new ManifestGet(repository, index.digest().algorithm() + "-" + index.digest().hex()));
        if (tagged.isEmpty() || !tagged.get().isIndex()) return Optional.empty();
        StoredImageReader reader = StoredImageReader.foreign(new RegistryDocuments(caller, repository, store));
        List<Descriptor> referrers = new ArrayList<>();
        for (Descriptor r : reader.index(tagged.get().descriptor(), tagged.get().bytes()).manifests()) {
            referrers.add(Descriptor.of(r.mediaType(), r.digest(), r.size()).withArtifactType(r.artifactType()));
        }
        Optional<Descriptor> provenanceManifest = referrers.stream().filter(r -> MediaTypes.IN_TOTO_JSON.equals(r.artifactType())).findFirst();
        if (provenanceManifest.isEmpty()) return Optional.empty();
        Optional<ImageManifest> statementManifest = reader.findManifest(provenanceManifest.get());
        if (statementManifest.isEmpty() || statementManifest.get().layers().size() != 1) return Optional.empty();
        byte[] provenance = reader.bytes(statementManifest.get().layers().get(0));
        List<StoredImage> images = new ArrayList<>();
        for (Descriptor entry : reader.index(index, top.get().bytes()).manifests()) {
            Optional<ImageManifest> manifest = reader.findManifest(entry);
            if (manifest.isEmpty()) return Optional.empty();
            images.add(new StoredImage(entry, manifest.get(), reader.config(manifest.get().config())));
        }
        return Optional.of(new PublishedBuild(index, referrers, provenance, images));
    }
}
