package dev.stowage.publisher.base;

import dev.stowage.blob.BlobStore;
import dev.stowage.blob.BlobWriter;
import dev.stowage.error.BadInputException;
import dev.stowage.oci.Annotations;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.DocumentSource;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.oci.StoredImageReader;
import dev.stowage.spec.BaseImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A base image from an OCI layout: {@code DIR} or {@code DIR:TAG}; an index is narrowed to the
 * platform. Each document is copied into the blob store (verified by digest) and read from there
 * with {@link StoredImageReader#foreign}.
 */
final class OciLayoutBase {
    private final BlobStore store;

    OciLayoutBase(BlobStore store) {
        this.store = store;
    }

    BaseImage read(String reference, String location, Platform platform) throws IOException {
        Path dir = Path.of(location);
        String tag = null;
        int colon = location.lastIndexOf(':');
        if (!Files.isDirectory(dir) && colon > 0) {
            dir = Path.of(location.substring(0, colon));
            tag = location.substring(colon + 1);
        }
        if (!Files.isRegularFile(dir.resolve("index.json"))) {
            throw new BadInputException("fromImage", reference + ": " + dir + " is not an OCI layout (no index.json)");
        }
        StoredImageReader reader = StoredImageReader.foreign(layout(dir));
        ImageIndex layout = reader.layoutIndex(Files.readAllBytes(dir.resolve("index.json")));
        Descriptor top = pick(reference, layout.manifests(), tag);
        Descriptor manifestDesc = MediaTypes.isIndex(top.mediaType()) ? BaseImages.forPlatform(reference, reader.index(top), platform) : top;
        ImageManifest manifest = reader.manifest(manifestDesc);
        ImageConfig config = BaseImages.config(reference, reader, manifest.config());
        BaseImages.requirePlatform(reference, config, platform);
        for (Descriptor layer : manifest.layers()) copyStreaming(dir, layer);
        List<Descriptor> layers = BaseImages.ociLayers(reference, manifest.layers());
        return new BaseImage(reference, manifestDesc.digest(), BaseImages.layers(reference, layers, config), config);
    }

    /** The image entry for {@code tag}; without a tag, the layout's only image (attached artifacts do not count). */
    private static Descriptor pick(String reference, List<Descriptor> all, String tag) {
        List<Descriptor> entries = all.stream().filter(d -> d.artifactType() == null).toList();
        if (tag == null) {
            if (entries.size() == 1) return entries.get(0);
            throw new BadInputException("fromImage", reference + " holds " + entries.size() + " images; name one as oci:DIR:TAG");
        }
        return entries.stream().filter(d -> tag.equals(d.annotations().get(Annotations.REF_NAME))).findFirst()
                .orElseThrow(() -> new BadInputException("fromImage", reference + " has no image tagged " + tag));
    }

    /** The layout's documents: each copied into the store, then read from there. */
    private DocumentSource layout(Path dir) {
        return new DocumentSource() {
            @Override
            public byte[] fetch(Descriptor blob) throws IOException {
                copyStreaming(dir, blob);
                return store.readAll(blob.digest());
            }

            @Override
            public String describe() {
                return "OCI layout " + dir;
            }
        };
    }

    /** Copies one blob into the store, verifying its digest. */
    private void copyStreaming(Path dir, Descriptor d) throws IOException {
        if (store.exists(d.digest())) return;
        Path blob = dir.resolve("blobs").resolve(d.digest().algorithm()).resolve(d.digest().hex());
        try (InputStream in = Files.newInputStream(blob); BlobWriter w = store.writer()) {
            in.transferTo(w.stream());
            w.commit(d.digest());
        }
    }
}
