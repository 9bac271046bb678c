package dev.stowage.publisher.base;

import dev.stowage.blob.BlobRef;
import dev.stowage.blob.BlobStore;
import dev.stowage.blob.BlobWriter;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.DocumentSource;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.oci.StoredImageReader;
import dev.stowage.publisher.archive.DockerArchiveManifest;
import dev.stowage.publisher.archive.DockerArchiveReader;
import dev.stowage.spec.BaseImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A base image from a {@code docker load} archive (plain or gzip), read with the one
 * {@link DockerArchiveReader}: {@code manifest.json} names the config and the layer tars (plain or
 * gzip), each stored as a blob as it is; the config is read back from the store with
 * {@link StoredImageReader#foreign}. The first image of the archive is used. The manifest
 * digest recorded is that of an OCI manifest over the stored blobs.
 */
final class DockerArchiveBase {
    private final BlobStore store;

    DockerArchiveBase(BlobStore store) {
        this.store = store;
    }

    BaseImage read(String reference, Path file, Platform platform) throws IOException {
        try (DockerArchiveReader archive = DockerArchiveReader.open(file, null)) {
            DockerArchiveManifest image = archive.images().get(0);
            BlobRef configRef = store.put(archive.readSmall(image.config()));
            Descriptor configDesc = Descriptor.of(MediaTypes.OCI_CONFIG, configRef.digest(), configRef.size());
            ImageConfig config = BaseImages.config(reference, StoredImageReader.foreign(DocumentSource.of(store)), configDesc);
            BaseImages.requirePlatform(reference, config, platform);
            List<Descriptor> blobs = new ArrayList<>();
            for (String layer : image.layers()) blobs.add(storeLayer(archive, layer));
            Digest pin = Digest.ofBytes(Json.canonicalBytes(ImageManifest.oci(configDesc, blobs, Map.of())));
            return new BaseImage(reference, pin, BaseImages.layers(reference, blobs, config), config);
        } catch (BadInputException e) {
            throw e.input().equals("fromImage") ? e : new BadInputException("fromImage", reference + ": " + e.getMessage(), e);
        }
    }

    private Descriptor storeLayer(DockerArchiveReader archive, String name) throws IOException {
        try (InputStream in = new BufferedInputStream(archive.open(name)); BlobWriter w = store.writer()) {
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            in.transferTo(w.stream());
            BlobRef ref = w.commit();
            return Descriptor.of(gzip ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER_TAR, ref.digest(), ref.size());
        }
    }
}
