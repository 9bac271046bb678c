package dev.stowage.publisher.output;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A tar written the same way every time: entries in the order written, mtime 0, uid/gid 0 with
 * empty owner names, files 0644 and directories 0755, POSIX long names and big numbers. An
 * entry's size is declared up front and the stream must deliver exactly that many bytes.
 */
final class DeterministicTar implements Closeable {
    private static final FileTime EPOCH = FileTime.fromMillis(0);
    private final TarArchiveOutputStream out;

    DeterministicTar(OutputStream sink) {
        this.out = new TarArchiveOutputStream(sink, "UTF-8");
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    void directory(String name) throws IOException {
        TarArchiveEntry e = entry(name.endsWith("/") ? name : name + "/", 040755);
        out.putArchiveEntry(e);
        out.closeArchiveEntry();
    }

    void symlink(String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
        e.setLinkName(target);
        e.setMode(0120777);
        e.setModTime(EPOCH.toMillis());
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("");
        e.setGroupName("");
        out.putArchiveEntry(e);
        out.closeArchiveEntry();
    }

    void file(String name, byte[] bytes) throws IOException {
        file(name, bytes.length, new java.io.ByteArrayInputStream(bytes));
    }

    /** Copies exactly {@code size} bytes of {@code in}; fails if it has fewer or more. */
    void file(String name, long size, InputStream in) throws IOException {
        TarArchiveEntry e = entry(name, 0100644);
        e.setSize(size);
        out.putArchiveEntry(e);
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

    private static TarArchiveEntry entry(String name, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setMode(mode);
        e.setLastModifiedTime(EPOCH);
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("");
        e.setGroupName("");
        return e;
    }

    @Override
    public void close() throws IOException {
        out.finish();
        out.close();
    }
}
