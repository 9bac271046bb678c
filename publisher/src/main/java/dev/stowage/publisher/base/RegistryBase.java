package dev.stowage.publisher.base;

import dev.stowage.blob.BlobStore;
import dev.stowage.error.BadInputException;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.ImageName;
import dev.stowage.oci.Platform;
import dev.stowage.oci.StoredImageReader;
import dev.stowage.registry.ManifestGet;
import dev.stowage.registry.PulledManifest;
import dev.stowage.registry.RegistryCaller;
import dev.stowage.registry.RegistryDocuments;
import dev.stowage.spec.BaseImage;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A base image pulled from a registry ({@code docker://HOST/REPO:TAG} or {@code @sha256:…}): the
 * tag is resolved once per build (every platform uses the same index), the platform's manifest
 * is fetched by digest, config and layers stream into the blob store verified by digest (blobs
 * already there are not fetched again). The result is pinned: its reference carries the digest
 * the tag pointed to, its manifest digest is that of the platform's manifest. The documents are
 * read with {@link StoredImageReader#foreign}.
 */
final class RegistryBase {
    private final BlobStore store;
    private final Function<String, RegistryCaller> callers;
    private final Map<String, PulledManifest> resolvedTags = new HashMap<>();

    RegistryBase(BlobStore store, Function<String, RegistryCaller> callers) {
        this.store = store;
        this.callers = callers;
    }

    BaseImage read(String reference, String location, Platform platform) throws IOException {
        ImageName ref = parse(reference, location).orLatest();
        RegistryCaller caller = callers.apply(ref.registry());
        PulledManifest top = resolvedTags.get(ref.toString());
        if (top == null) {
            top = manifest(caller, reference, ref, ref.manifestReference());
            resolvedTags.put(ref.toString(), top);
        }
        RegistryDocuments documents = new RegistryDocuments(caller, ref.repository(), store);
        StoredImageReader reader = StoredImageReader.foreign(documents);
        PulledManifest chosen = top;
        Descriptor chosenDescriptor = top.descriptor();
        if (top.isIndex()) {
            chosenDescriptor = BaseImages.forPlatform(reference, reader.index(top.descriptor(), top.bytes()), platform);
            chosen = manifest(caller, reference, ref, chosenDescriptor.digest().toString());
            if (chosen.isIndex()) throw new BadInputException("fromImage", reference + ": the entry for " + platform + " is an index, not an image");
        }
        ImageManifest manifest = reader.manifest(chosenDescriptor, chosen.bytes());
        ImageConfig config = BaseImages.config(reference, reader, manifest.config());
        BaseImages.requirePlatform(reference, config, platform);
        for (Descriptor layer : manifest.layers()) documents.download(layer);
        String pinned = ImageLocation.DOCKER + ref.pinned(top.digest());
        List<Descriptor> layers = BaseImages.ociLayers(reference, manifest.layers());
        return new BaseImage(pinned, chosen.digest(), BaseImages.layers(reference, layers, config), config);
    }

    private static ImageName parse(String reference, String location) {
        try {
            return ImageName.parse(location);
        } catch (IllegalArgumentException e) {
            String shown = location.substring(0, Math.max(0, location.indexOf('/'))).contains("@") ? "docker://…" : reference;
            throw new BadInputException("fromImage", shown + ": " + e.getMessage());
        }
    }

    private static PulledManifest manifest(RegistryCaller caller, String reference, ImageName ref, String which) {
        return caller.call(new ManifestGet(ref.repository(), which)).orElseThrow(() -> new BadInputException("fromImage",
                reference + " not found: registry " + ref.registry() + " has no manifest " + which + " in repository " + ref.repository()));
    }
}
