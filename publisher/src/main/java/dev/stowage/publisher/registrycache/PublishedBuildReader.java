package dev.stowage.publisher.registrycache;

import dev.stowage.blob.BlobStore;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.ImageName;
import dev.stowage.oci.MediaTypes;
import dev.stowage.registry.BlobGet;
import dev.stowage.registry.ManifestGet;
import dev.stowage.registry.PulledManifest;
import dev.stowage.registry.RegistryCaller;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what a registry reference holds when it is an OCI index Stowage published with its
 * provenance attached (the referrers tag {@code sha256-<hex>}, docs/registry.md): a handful of
 * requests, no layer. Manifests are fetched by digest and verified; the configs and the provenance
 * statement are downloaded into the blob store (verified, small: the same bytes a build writes).
 * Empty when the reference holds nothing, something else, or an index without provenance. Not
 * thread-safe; one reader per caller.
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
        Descriptor index = Descriptor.of(MediaTypes.OCI_INDEX, top.get().digest(), top.get().bytes().length);
        Optional<PulledManifest> tagged = caller.call(new ManifestGet(repository, index.digest().algorithm() + "-" + index.digest().hex()));
        if (tagged.isEmpty() || !tagged.get().isIndex()) return Optional.empty();
        List<Descriptor> referrers = new ArrayList<>();
        for (Descriptor r : Json.readLenient(tagged.get().bytes(), ImageIndex.class).manifests()) {
            referrers.add(Descriptor.of(r.mediaType(), r.digest(), r.size()).withArtifactType(r.artifactType()));
        }
        Optional<Descriptor> provenanceManifest = referrers.stream().filter(r -> MediaTypes.IN_TOTO_JSON.equals(r.artifactType())).findFirst();
        if (provenanceManifest.isEmpty()) return Optional.empty();
        Optional<ImageManifest> statementManifest = manifest(repository, provenanceManifest.get());
        if (statementManifest.isEmpty() || statementManifest.get().layers().size() != 1) return Optional.empty();
        byte[] provenance = blob(repository, statementManifest.get().layers().get(0));
        List<PublishedBuild.Image> images = new ArrayList<>();
        for (Descriptor entry : Json.readLenient(top.get().bytes(), ImageIndex.class).manifests()) {
            Optional<ImageManifest> manifest = manifest(repository, entry);
            if (manifest.isEmpty()) return Optional.empty();
            ImageConfig config = Json.readLenient(blob(repository, manifest.get().config()), ImageConfig.class);
            images.add(new PublishedBuild.Image(entry, manifest.get(), config));
        }
        return Optional.of(new PublishedBuild(index, referrers, provenance, images));
    }

    private Optional<ImageManifest> manifest(String repository, Descriptor d) {
        Optional<PulledManifest> m = caller.call(new ManifestGet(repository, d.digest().toString()));
        if (m.isEmpty() || m.get().isIndex()) return Optional.empty();
        return Optional.of(Json.readLenient(m.get().bytes(), ImageManifest.class));
    }

    private byte[] blob(String repository, Descriptor d) throws IOException {
        if (!store.exists(d.digest())) caller.download(new BlobGet(repository, d, store));
        return store.readAll(d.digest());
    }
}
