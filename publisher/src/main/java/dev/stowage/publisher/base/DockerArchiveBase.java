package dev.stowage.publisher.base;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.stowage.blob.BlobRef;
import dev.stowage.blob.BlobStore;
import dev.stowage.blob.BlobWriter;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.spec.BaseImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * A base image from a {@code docker load} archive: {@code manifest.json} names the config and the
 * layer tars (plain or gzip), each stored as a blob as it is. The first image of the archive is
 * used. The manifest digest recorded is that of an OCI manifest over the stored blobs.
 */
final class DockerArchiveBase {
    private final BlobStore store;

    record Entry(@JsonProperty("Config") String config, @JsonProperty("RepoTags") List<String> repoTags,
            @JsonProperty("Layers") List<String> layers) {}

    DockerArchiveBase(BlobStore store) {
        this.store = store;
    }

    BaseImage read(String reference, Path file, Platform platform) throws IOException {
        try (TarFile tar = new TarFile(file)) {
            Map<String, TarArchiveEntry> entries = new HashMap<>();
            for (TarArchiveEntry e : tar.getEntries()) entries.put(strip(e.getName()), e);
            TarArchiveEntry manifestEntry = entries.get("manifest.json");
            if (manifestEntry == null) throw new BadInputException("fromImage", reference + " has no manifest.json (not a docker-archive)");
            Entry[] manifest;
            try (InputStream in = tar.getInputStream(manifestEntry)) {
                manifest = Json.readLenient(in.readAllBytes(), Entry[].class);
            }
            if (manifest.length == 0) throw new BadInputException("fromImage", reference + ": manifest.json lists no image");
            Entry image = manifest[0];
            byte[] configBytes;
            try (InputStream in = tar.getInputStream(require(reference, entries, image.config()))) {
                configBytes = in.readAllBytes();
            }
            ImageConfig config = BaseImages.config(reference, configBytes);
            BaseImages.requirePlatform(reference, config, platform);
            BlobRef configRef = store.put(configBytes);
            List<Descriptor> blobs = new ArrayList<>();
            for (String layer : image.layers()) blobs.add(storeLayer(tar, require(reference, entries, layer)));
            Descriptor configDesc = Descriptor.of(MediaTypes.OCI_CONFIG, configRef.digest(), configRef.size());
            Digest pin = Digest.ofBytes(Json.canonicalBytes(dev.stowage.oci.ImageManifest.oci(configDesc, blobs, Map.of())));
            return new BaseImage(reference, pin, BaseImages.layers(reference, blobs, config), config);
        }
    }

    private Descriptor storeLayer(TarFile tar, TarArchiveEntry entry) throws IOException {
        try (InputStream in = new BufferedInputStream(tar.getInputStream(entry)); BlobWriter w = store.writer()) {
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            in.transferTo(w.stream());
            BlobRef ref = w.commit();
            return Descriptor.of(gzip ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER_TAR, ref.digest(), ref.size());
        }
    }

    private static TarArchiveEntry require(String reference, Map<String, TarArchiveEntry> entries, String name) {
        TarArchiveEntry e = entries.get(strip(name));
        if (e == null) throw new BadInputException("fromImage", reference + ": manifest.json names " + name + ", which is not in the archive");
        return e;
    }

    private static String strip(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }
}
