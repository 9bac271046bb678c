package dev.stowage.publisher.output;

import dev.stowage.tar.TarHeaders;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A docker archive's tar, written the same way every time: entries in the order written, mtime 0,
 * uid/gid 0 with empty owner names, files 0644 and directories 0755. The header bytes (PAX records
 * for long names, big numbers) come from core's {@link TarHeaders}, as for layers. An entry's size
 * is declared up front and the stream must deliver exactly that many bytes.
 */
final class DeterministicTar implements Closeable {
    private static final TarHeaders HEADERS = new TarHeaders(Instant.EPOCH, "");
    private final TarArchiveOutputStream out;

    DeterministicTar(OutputStream sink) {
        this.out = TarHeaders.open(sink);
    }

    void directory(String name) throws IOException {
        HEADERS.directory(out, name, 040755, 0, 0);
    }

    void symlink(String name, String target) throws IOException {
        HEADERS.symlink(out, name, target, 0120777, 0, 0);
    }

    void file(String name, byte[] bytes) throws IOException {
        file(name, bytes.length, new ByteArrayInputStream(bytes));
    }

    /** Copies exactly {@code size} bytes of {@code in}; fails if it has fewer or more. */
    void file(String name, long size, InputStream in) throws IOException {
        HEADERS.file(out, name, 0100644, 0, 0, size);
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new IOException(name + ": stream ended after " + (size - left) + " bytes, expected " + size);
            out.write(buf, 0, n);
            left -= n;
        }
        if (in.read() >= 0) throw new IOException(name + ": stream has more than the expected " + size + " bytes");
        out.closeArchiveEntry();
    }

    @Override
    public void close() throws IOException {
        out.finish();
        out.close();
    }
}
