package dev.stowage.worker;

import com.github.luben.zstd.ZstdOutputStream;
import dev.stowage.spec.Compression;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Compressor streams with fixed settings, so a layer compresses to the same bytes on every run:
 * gzip (default level 6) with a zero mtime header (the JDK always writes one), zstd (default level 3) single-threaded
 * without a checksum. Output also depends on the zlib / libzstd version (as with every tool);
 * diffIDs do not.
 */
public final class Compressors {
    public static final int GZIP_LEVEL = 6;
    public static final int ZSTD_LEVEL = 3;

    private Compressors() {}

    public static OutputStream wrap(Compression compression, OutputStream out) throws IOException {
        return wrap(compression, null, out);
    }

    /** {@code level} null means the default (gzip 6, zstd 3). */
    public static OutputStream wrap(Compression compression, Integer level, OutputStream out) throws IOException {
        compression.checkLevel(level);
        int l = level == null ? compression.defaultLevel() : level;
        return switch (compression) {
            case GZIP -> new LeveledGzip(out, l);
            case ZSTD -> new ZstdOutputStream(out, l).setChecksum(false);
            case NONE -> out;
        };
    }

    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream out, int level) throws IOException {
            super(out, 1 << 16);
            def.setLevel(level);
            def.setStrategy(Deflater.DEFAULT_STRATEGY);
        }
    }
}
