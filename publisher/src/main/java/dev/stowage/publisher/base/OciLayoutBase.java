package dev.stowage.publisher.base;

import dev.stowage.blob.BlobStore;
import dev.stowage.blob.BlobWriter;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import dev.stowage.oci.Annotations;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.spec.BaseImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A base image from an OCI layout: {@code DIR} or {@code DIR:TAG}; an index is narrowed to the platform. */
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
        ImageIndex layout = Json.readLenient(Files.readAllBytes(dir.resolve("index.json")), ImageIndex.class);
        Descriptor top = pick(reference, layout.manifests(), tag);
        Descriptor manifestDesc = top.mediaType().equals(MediaTypes.OCI_INDEX) || top.mediaType().equals(MediaTypes.DOCKER_MANIFEST_LIST)
                ? BaseImages.forPlatform(reference, Json.readLenient(copy(dir, top), ImageIndex.class), platform)
                : top;
        ImageManifest manifest = Json.readLenient(copy(dir, manifestDesc), ImageManifest.class);
        ImageConfig config = BaseImages.config(reference, copy(dir, manifest.config()));
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

    private byte[] copy(Path dir, Descriptor d) throws IOException {
        copyStreaming(dir, d);
        return store.readAll(d.digest());
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
