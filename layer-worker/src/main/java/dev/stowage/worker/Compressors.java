package dev.stowage.worker;

import com.github.luben.zstd.ZstdOutputStream;
import dev.stowage.spec.Compression;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.anarres.parallelgzip.ParallelGZIPOutputStream;

/**
 * Compressor streams with fixed settings, so a layer compresses to the same bytes on every run.
 * gzip at the default level (6) is compressed in parallel, pigz-style: fixed 64 KiB blocks
 * deflated independently on {@code pool} and concatenated, so the bytes do not depend on the
 * number of threads; other gzip levels use the JDK's single-threaded stream. zstd (default level
 * 3, no checksum) always runs in libzstd's multi-threaded mode, whose output is the same for any
 * number of workers from 1 up (it differs from the single-threaded mode, which is never used).
 * Output also depends on the zlib / libzstd version (as with every tool); diffIDs do not.
 */
public final class Compressors {
    private final ExecutorService pool;
    private final int zstdWorkers;

    public Compressors(ExecutorService pool) {
        this(pool, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public Compressors(ExecutorService pool, int zstdWorkers) {
        if (zstdWorkers < 1) throw new IllegalArgumentException("zstd needs at least one worker for reproducible output");
        this.pool = pool;
        this.zstdWorkers = zstdWorkers;
    }

    /** {@code level} null means the default (gzip 6, zstd 3). */
    public OutputStream wrap(Compression compression, Integer level, OutputStream out) throws IOException {
        compression.checkLevel(level);
        int l = level == null ? compression.defaultLevel() : level;
        return switch (compression) {
            case GZIP -> l == compression.defaultLevel() ? new ParallelGZIPOutputStream(out, pool) : new LeveledGzip(out, l);
            case ZSTD -> zstd(out, l);
            case NONE -> out;
        };
    }

    private OutputStream zstd(OutputStream out, int level) throws IOException {
        ZstdOutputStream z = new ZstdOutputStream(out, level);
        z.setChecksum(false);
        z.setWorkers(zstdWorkers);
        return z;
    }

    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream out, int level) throws IOException {
            super(out, 1 << 16);
            def.setLevel(level);
            def.setStrategy(Deflater.DEFAULT_STRATEGY);
        }
    }
}
