package dev.stowage.publisher.output;

import dev.stowage.blob.BlobStore;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an image's small JSON blobs (index, manifests, configs) from the blob store. Only blobs
 * Stowage wrote are read here, so the strict reader applies (unknown fields fail). Layers are
 * never read.
 */
public final class ImageReader {
    private final BlobStore store;

    public ImageReader(BlobStore store) {
        this.store = store;
    }

    public ImageIndex index(Descriptor index) throws IOException {
        requireType(index, MediaTypes.OCI_INDEX);
        return read(index, ImageIndex.class);
    }

    /** Every platform image of the index, in index order. */
    public List<PlatformImage> platformImages(Descriptor index) throws IOException {
        List<PlatformImage> images = new ArrayList<>();
        for (Descriptor m : index(index).manifests()) {
            images.add(platformImage(m));
        }
        return images;
    }

    public PlatformImage platformImage(Descriptor manifestDescriptor) throws IOException {
        requireType(manifestDescriptor, MediaTypes.OCI_MANIFEST);
        ImageManifest manifest = read(manifestDescriptor, ImageManifest.class);
        ImageConfig config = read(manifest.config(), ImageConfig.class);
        return new PlatformImage(manifestDescriptor, manifest, config);
    }

    /** An artifact manifest and the blobs it holds (its config and layers). */
    public List<Descriptor> artifactBlobs(Descriptor artifact) throws IOException {
        ImageManifest m = read(artifact, ImageManifest.class);
        List<Descriptor> out = new ArrayList<>();
        out.add(strip(artifact));
        out.add(strip(m.config()));
        for (Descriptor l : m.layers()) out.add(strip(l));
        return out;
    }

    /** Every blob reachable from the index, children after their parent, each once. */
    public List<Descriptor> reachableBlobs(Descriptor index) throws IOException {
        Set<Descriptor> out = new LinkedHashSet<>();
        out.add(strip(index));
        for (PlatformImage image : platformImages(index)) {
            out.add(strip(image.manifestDescriptor()));
            out.add(strip(image.manifest().config()));
            for (Descriptor layer : image.manifest().layers()) out.add(strip(layer));
        }
        return List.copyOf(out);
    }

    private static Descriptor strip(Descriptor d) {
        return Descriptor.of(d.mediaType(), d.digest(), d.size());
    }

    private <T> T read(Descriptor d, Class<T> type) throws IOException {
        byte[] bytes = store.readAll(d.digest());
        if (bytes.length != d.size()) {
            throw new IOException("blob " + d.digest() + " in " + store.describe() + " has " + bytes.length
                    + " bytes, its descriptor says " + d.size());
        }
        try {
            return Json.reader().readValue(bytes, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("blob " + d.digest() + " is not a valid " + type.getSimpleName() + ": " + Json.describe(e), e);
        }
    }

    private static void requireType(Descriptor d, String mediaType) throws IOException {
        if (!mediaType.equals(d.mediaType())) {
            throw new IOException("blob " + d.digest() + " has media type " + d.mediaType() + ", expected " + mediaType);
        }
    }
}
