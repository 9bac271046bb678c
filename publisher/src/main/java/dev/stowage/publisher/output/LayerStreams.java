package dev.stowage.publisher.output;

import com.github.luben.zstd.ZstdInputStream;
import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.MediaTypes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Opens a layer blob as its uncompressed tar stream, by the layer's media type. */
final class LayerStreams {
    private final BlobStore store;

    LayerStreams(BlobStore store) {
        this.store = store;
    }

    InputStream openUncompressed(Descriptor layer) throws IOException {
        InputStream raw = new BufferedInputStream(store.open(layer.digest()), 1 << 16);
        try {
            return uncompressed(layer, raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * {@code raw} decompressed by the layer's media type. A gzip layer is read through every member
     * (Stowage writes one per MiB of tar, eStargz layers have many): commons-compress looks for the
     * next member's header, where the JDK's {@code GZIPInputStream} before Java 23 stops at a member
     * boundary whenever the stream under it reports nothing {@code available()} (JDK-7036144), which
     * a network stream from S3 or a registry often does, and the tar would end early without an error.
     */
    static InputStream uncompressed(Descriptor layer, InputStream raw) throws IOException {
        return switch (layer.mediaType()) {
            case MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP -> new GzipCompressorInputStream(raw, true);
            case MediaTypes.OCI_LAYER_ZSTD -> new ZstdInputStream(raw);
            case MediaTypes.OCI_LAYER_TAR -> raw;
            default -> throw new IOException("layer " + layer.digest() + " has unsupported media type " + layer.mediaType());
        };
    }

    /** The uncompressed size of a layer; for a compressed one this is a full decompression pass. */
    long uncompressedSize(Descriptor layer) throws IOException {
        if (MediaTypes.OCI_LAYER_TAR.equals(layer.mediaType())) return layer.size();
        try (InputStream in = openUncompressed(layer)) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
