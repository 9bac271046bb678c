package dev.stowage.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import dev.stowage.spec.Compression;
import dev.stowage.testsupport.GzipMembers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class CompressorsTest {
    private static byte[] data() {
        byte[] b = new byte[3 * 1024 * 1024 + 12345];
        Random r = new Random(1);
        for (int i = 0; i < b.length; i++) b[i] = (byte) (i % 7 == 0 ? r.nextInt() : 'a' + (i % 13));
        return b;
    }

    private static byte[] gzip(ExecutorService pool, byte[] data, int chunk) throws IOException {
        return gzip(pool, null, data, chunk);
    }

    private static byte[] gzip(ExecutorService pool, Integer level, byte[] data, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new Compressors(pool).wrap(Compression.GZIP, level, out)) {
            for (int i = 0; i < data.length; i += chunk) {
                gz.write(data, i, Math.min(chunk, data.length - i));
                if (i % (5 * chunk) == 0) gz.flush();
            }
        }
        return out.toByteArray();
    }


    private static byte[] zstd(int workers, byte[] data, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new Compressors(null, workers).wrap(Compression.ZSTD, null, out)) {
            for (int i = 0; i < data.length; i += chunk) z.write(data, i, Math.min(chunk, data.length - i));
        }
        return out.toByteArray();
    }

    @Test
    void zstdIsIndependentOfWorkersAndWriteSizes() throws IOException {
        byte[] data = data();
        byte[] one = zstd(1, data, 512);
        assertThat(zstd(4, data, 65536)).isEqualTo(one);
        assertThat(zstd(2, data, 7)).isEqualTo(one);
        assertThat(new ZstdInputStream(new ByteArrayInputStream(one)).readAllBytes()).isEqualTo(data);
    }

    @Test
    void parallelGzipIsValidAndIndependentOfThreadsAndWriteSizes() throws IOException {
        byte[] data = data();
        ExecutorService one = Executors.newFixedThreadPool(1);
        ExecutorService four = Executors.newFixedThreadPool(4);
        try {
            byte[] a = gzip(one, data, 512);
            byte[] b = gzip(four, data, 65536);
            byte[] c = gzip(four, data, 1);
            assertThat(b).isEqualTo(a);
            assertThat(c).isEqualTo(a);
            assertThat(new GZIPInputStream(new ByteArrayInputStream(a)).readAllBytes()).isEqualTo(data);
            assertThat(a.length).isLessThan(data.length / 2);
            // 3 MiB + 12345 bytes: three full members and a short one
            assertThat(GzipMembers.sizes(a)).containsExactly(1L << 20, 1L << 20, 1L << 20, 12345L);
            assertThat(gzip(one, 1, data, 4096)).isEqualTo(gzip(four, 1, data, 100_000))
                    .isNotEqualTo(a);
            assertThat(new GZIPInputStream(new ByteArrayInputStream(gzip(four, 9, data, 333))).readAllBytes()).isEqualTo(data);
        } finally {
            one.shutdownNow();
            four.shutdownNow();
        }
    }

    @Test
    void gzipOfNothingIsOneEmptyMember() throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            byte[] empty = gzip(pool, new byte[0], 1);
            assertThat(GzipMembers.sizes(empty)).containsExactly(0L);
            assertThat(new GZIPInputStream(new ByteArrayInputStream(empty)).readAllBytes()).isEmpty();
            // exactly one block: one member, no empty one after it
            byte[] block = new byte[BlockGzipOutputStream.BLOCK];
            Arrays.fill(block, (byte) 'x');
            byte[] one = gzip(pool, block, 8192);
            assertThat(new GZIPInputStream(new ByteArrayInputStream(one)).readAllBytes()).isEqualTo(block);
            assertThat(GzipMembers.sizes(one)).containsExactly((long) block.length);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theEncoderNamesTheBundledLibraryVersions() {
        assertThat(Compressors.encoder(Compression.GZIP)).matches("jlibdeflate-\\d+\\.\\d+\\.\\d+/members-1048576");
        assertThat(Compressors.encoder(Compression.ZSTD)).matches("zstd-jni-\\d+\\.\\d+\\.\\d+-\\d+/mt");
    }

    @Test
    void aFailedMemberFailsTheStreamWithoutWritingLaterMembers() {
        ExecutorService closed = Executors.newFixedThreadPool(1);
        closed.shutdown();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> {
            try (OutputStream gz = new Compressors(closed).wrap(Compression.GZIP, null, out)) {
                gz.write(new byte[10]);
            }
        }).isInstanceOf(RejectedExecutionException.class);
        assertThat(out.size()).isZero();
    }
}
