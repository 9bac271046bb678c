package dev.stowage.nix;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Serialises the objects a {@link FileSystemObjectVisitor} receives (NAR order: depth first,
 * entries sorted by name bytes) as a NAR, streaming to {@code out}. Call {@link #finish()} after
 * the last object to close the open directories. Out-of-order input is rejected, because it would
 * give a NAR whose hash Nix never computes.
 */
public final class NarWriter implements FileSystemObjectVisitor {
    private static final byte[] PADDING = new byte[8];

    private final OutputStream out;
    /** Directories whose entry list is open, innermost first; "" is the root. */
    private final Deque<String> openDirectories = new ArrayDeque<>();
    private String previous;
    private boolean finished;

    public NarWriter(OutputStream out) throws IOException {
        this.out = out;
        string("nix-archive-1");
    }

    @Override
    public void directory(String path) throws IOException {
        begin(path);
        string("(");
        string("type");
        string("directory");
        openDirectories.push(path);
    }

    @Override
    public void regularFile(String path, boolean executable, long size, InputStream contents) throws IOException {
        begin(path);
        string("(");
        string("type");
        string("regular");
        if (executable) {
            string("executable");
            string("");
        }
        string("contents");
        number(size);
        long copied = contents.transferTo(new BoundedOutput(out, size));
        if (copied != size) throw new IOException(path + ": expected " + size + " bytes, got " + copied);
        pad(size);
        string(")");
        end(path);
    }

    @Override
    public void symlink(String path, String target) throws IOException {
        begin(path);
        string("(");
        string("type");
        string("symlink");
        string("target");
        string(target);
        string(")");
        end(path);
    }

    /** Closes every open directory. The NAR is complete afterwards. */
    public void finish() throws IOException {
        if (previous == null) throw new IllegalStateException("a NAR needs a root object");
        while (!openDirectories.isEmpty()) closeDirectory();
        finished = true;
    }

    private void begin(String path) throws IOException {
        if (finished) throw new IllegalStateException("NAR already finished");
        if (previous == null) {
            if (!path.isEmpty()) throw new IllegalArgumentException("the first object must be the root \"\", got '" + path + "'");
            previous = path;
            return;
        }
        if (path.isEmpty()) throw new IllegalArgumentException("the root was already written");
        String parent = parentOf(path);
        while (!openDirectories.isEmpty() && !openDirectories.peek().equals(parent)) closeDirectory();
        if (openDirectories.isEmpty()) throw new IllegalArgumentException("'" + path + "' is not inside an open directory");
        String name = path.substring(parent.isEmpty() ? 0 : parent.length() + 1);
        if (previous.startsWith(parent.isEmpty() ? "" : parent + "/") && !previous.equals(parent)
                && compareBytes(firstSegmentAfter(previous, parent), name) >= 0) {
            throw new IllegalArgumentException("'" + path + "' is out of NAR order (after '" + previous + "')");
        }
        previous = path;
        string("entry");
        string("(");
        string("name");
        string(name);
        string("node");
    }

    private void end(String path) throws IOException {
        if (!path.isEmpty()) string(")");
    }

    private void closeDirectory() throws IOException {
        String dir = openDirectories.pop();
        string(")");
        end(dir);
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String firstSegmentAfter(String path, String parent) {
        String rest = parent.isEmpty() ? path : path.substring(parent.length() + 1);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static int compareBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private void string(String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        number(bytes.length);
        out.write(bytes);
        pad(bytes.length);
    }

    private void number(long n) throws IOException {
        byte[] le = new byte[8];
        for (int i = 0; i < 8; i++) le[i] = (byte) (n >>> (8 * i));
        out.write(le);
    }

    private void pad(long length) throws IOException {
        int rest = (int) (length % 8);
        if (rest != 0) out.write(PADDING, 0, 8 - rest);
    }

    /** Passes at most {@code limit} bytes through; more is an error (the visitor promised a size). */
    private static final class BoundedOutput extends OutputStream {
        private final OutputStream out;
        private long remaining;

        BoundedOutput(OutputStream out, long limit) {
            this.out = out;
            this.remaining = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > remaining) throw new IOException("file has more bytes than its announced size");
            out.write(b, off, len);
            remaining -= len;
        }
    }
}
