package dev.stowage.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import dev.stowage.spec.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new Compressors(pool).wrap(Compression.GZIP, null, out)) {
            for (int i = 0; i < data.length; i += chunk) gz.write(data, i, Math.min(chunk, data.length - i));
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
        } finally {
            one.shutdownNow();
            four.shutdownNow();
        }
    }
}
