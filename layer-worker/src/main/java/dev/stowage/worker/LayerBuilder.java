package dev.stowage.worker;

import dev.stowage.blob.BlobRef;
import dev.stowage.blob.BlobStore;
import dev.stowage.blob.BlobWriter;
import dev.stowage.blob.DigestingOutputStream;
import dev.stowage.event.LayerPath;
import dev.stowage.nix.StorePathContents;
import dev.stowage.oci.Descriptor;
import dev.stowage.spec.Compression;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds a layer in one streaming pass: tar → SHA-256 (diffID) → compressor → blob writer
 * (SHA-256 and size of the blob). Nothing is held in memory beyond fixed buffers; the blob becomes
 * visible in the store only when complete.
 */
public final class LayerBuilder {
    private final StorePathContents source;
    private final BlobStore store;
    private final Compressors compressors;

    /** Writes a layer's entries; the builder owns the stream around it. */
    @FunctionalInterface
    public interface TarBody {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    public LayerBuilder(StorePathContents source, BlobStore store, Compressors compressors) {
        this.source = source;
        this.store = store;
        this.compressors = compressors;
    }

    public BuiltLayer build(String storeDir, Instant mtime, Compression compression, List<LayerPath> paths) throws IOException {
        return build(storeDir, mtime, compression, null, paths);
    }

    /** A store layer: the parents of the store directory, then each path's tree in sorted order. */
    public BuiltLayer build(String storeDir, Instant mtime, Compression compression, Integer level, List<LayerPath> paths) throws IOException {
        TarRules rules = new TarRules(mtime);
        return write(compression, level, tar -> {
            rules.writeStoreDirParents(tar, storeDir);
            for (LayerPath p : paths.stream().sorted().toList()) {
                source.accept(p.path(), p.narHash(), p.narSize(), new LayerTarWriter(tar, rules, p.path().relative()));
            }
        });
    }

    /** A layer whose tar is given (a prebuilt customisation layer): the bytes as they are → diffID → compressor → blob. */
    public BuiltLayer copy(Compression compression, Integer level, InputStream tar) throws IOException {
        try (BlobWriter writer = store.writer()) {
            OutputStream compressed = compressors.wrap(compression, level, new NonClosingOutputStream(writer.stream()));
            DigestingOutputStream tarBytes = new DigestingOutputStream(new BufferedOutputStream(compressed, 1 << 16));
            try (tarBytes) {
                tar.transferTo(tarBytes);
            }
            BlobRef blob = writer.commit();
            return new BuiltLayer(tarBytes.digest(), tarBytes.count(),
                    Descriptor.of(compression.layerMediaType(), blob.digest(), blob.size()));
        }
    }

    public BuiltLayer write(Compression compression, Integer level, TarBody body) throws IOException {
        try (BlobWriter writer = store.writer()) {
            OutputStream compressed = compressors.wrap(compression, level, new NonClosingOutputStream(writer.stream()));
            DigestingOutputStream tarBytes = new DigestingOutputStream(new BufferedOutputStream(compressed, 1 << 16));
            try (TarArchiveOutputStream tar = TarRules.open(tarBytes)) {
                body.write(tar);
                tar.finish();
            }
            BlobRef blob = writer.commit();
            return new BuiltLayer(tarBytes.digest(), tarBytes.count(),
                    Descriptor.of(compression.layerMediaType(), blob.digest(), blob.size()));
        }
    }
}
