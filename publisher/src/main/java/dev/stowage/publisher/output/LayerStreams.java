package dev.stowage.publisher.output;

import com.github.luben.zstd.ZstdInputStream;
import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.MediaTypes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;

/** Opens a layer blob as its uncompressed tar stream, by the layer's media type. */
final class LayerStreams {
    private final BlobStore store;

    LayerStreams(BlobStore store) {
        this.store = store;
    }

    InputStream openUncompressed(Descriptor layer) throws IOException {
        InputStream raw = new BufferedInputStream(store.open(layer.digest()), 1 << 16);
        try {
            return switch (layer.mediaType()) {
                case MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP -> new GZIPInputStream(raw, 1 << 16);
                case MediaTypes.OCI_LAYER_ZSTD -> new ZstdInputStream(raw);
                case MediaTypes.OCI_LAYER_TAR -> raw;
                default -> throw new IOException("layer " + layer.digest() + " has unsupported media type " + layer.mediaType());
            };
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The uncompressed size of a layer; for a compressed one this is a full decompression pass. */
    long uncompressedSize(Descriptor layer) throws IOException {
        if (MediaTypes.OCI_LAYER_TAR.equals(layer.mediaType())) return layer.size();
        try (InputStream in = openUncompressed(layer)) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
