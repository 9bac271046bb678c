package dev.stowage.worker;

import com.github.luben.zstd.ZstdOutputStream;
import dev.stowage.spec.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutorService;

/**
 * Compressor streams with fixed settings, so a layer compresses to the same bytes on every run and
 * every machine. gzip (any level, default 6) is libdeflate, bundled in the jlibdeflate jar rather
 * than the machine's zlib (which differs between systems: zlib-ng replaces it on some), in
 * independent members of 1 MiB of input compressed in parallel on {@code pool}
 * ({@link BlockGzipOutputStream}), so the bytes do not depend on the number of threads. zstd
 * (default level 3, no checksum) always runs in libzstd's multi-threaded mode, whose output is the
 * same for any number of workers from 1 up (it differs from the single-threaded mode, which is
 * never used). The bytes depend on the bundled library versions, which {@link #encoder} names for
 * the layer cache key; diffIDs do not.
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

    /**
     * What, beyond the compression and its level, decides a layer's compressed bytes: a layer cache
     * entry made by another encoder is never reused. Change it whenever a library upgrade or a
     * setting here changes a single output byte.
     */
    public static String encoder(Compression compression) {
        return switch (compression) {
            case GZIP -> "jlibdeflate-" + LIBRARIES.getProperty("jlibdeflate") + "/members-" + BlockGzipOutputStream.BLOCK;
            case ZSTD -> "zstd-jni-" + LIBRARIES.getProperty("zstd-jni") + "/mt";
            case NONE -> "none";
        };
    }

    /** The compressor library versions, written into a resource by the build. */
    private static final Properties LIBRARIES = libraries();

    private static Properties libraries() {
        Properties p = new Properties();
        try (InputStream in = Compressors.class.getResourceAsStream("encoders.properties")) {
            p.load(Objects.requireNonNull(in, "encoders.properties is missing from the layer worker's jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** {@code level} null means the default (gzip 6, zstd 3). */
    public OutputStream wrap(Compression compression, Integer level, OutputStream out) throws IOException {
        compression.checkLevel(level);
        int l = level == null ? compression.defaultLevel() : level;
        return switch (compression) {
            case GZIP -> new BlockGzipOutputStream(out, pool, l);
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
}
