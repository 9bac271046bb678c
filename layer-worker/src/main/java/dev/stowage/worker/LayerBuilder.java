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
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds a store layer in one streaming pass: tar → SHA-256 (diffID) → compressor → blob writer
 * (SHA-256 and size of the blob). Nothing is held in memory beyond fixed buffers; the blob becomes
 * visible in the store only when complete.
 */
public final class LayerBuilder {
    private final StorePathContents source;
    private final BlobStore store;

    public LayerBuilder(StorePathContents source, BlobStore store) {
        this.source = source;
        this.store = store;
    }

    public BuiltLayer build(String storeDir, Instant mtime, Compression compression, List<LayerPath> paths) throws IOException {
        TarRules rules = new TarRules(mtime);
        try (BlobWriter writer = store.writer()) {
            OutputStream compressed = Compressors.wrap(compression, new NonClosingOutputStream(writer.stream()));
            DigestingOutputStream tarBytes = new DigestingOutputStream(new BufferedOutputStream(compressed, 1 << 16));
            try (TarArchiveOutputStream tar = TarRules.open(tarBytes)) {
                rules.writeStoreDirParents(tar, storeDir);
                for (LayerPath p : paths.stream().sorted().toList()) {
                    source.accept(p.path(), p.narHash(), p.narSize(), new LayerTarWriter(tar, rules, p.path().relative()));
                }
                tar.finish();
            }
            BlobRef blob = writer.commit();
            return new BuiltLayer(tarBytes.digest(), tarBytes.count(),
                    Descriptor.of(compression.layerMediaType(), blob.digest(), blob.size()));
        }
    }
}
