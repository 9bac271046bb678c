package dev.stowage.nix.cache;

import dev.stowage.nix.FileSystemObjectVisitor;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a NAR as a stream and reports its objects to a {@link FileSystemObjectVisitor} in NAR
 * order; file contents are passed through, never buffered. Refuses malformed archives: a wrong
 * magic, unknown tokens, entry names that are empty, {@code .}, {@code ..} or contain {@code /} or
 * NUL, duplicate or unsorted entries, non-zero padding, and truncation.
 */
public final class NarReader {
    private static final int MAX_TOKEN = 4096;
    private final InputStream in;

    public NarReader(InputStream in) {
        this.in = in;
    }

    public void read(FileSystemObjectVisitor visitor) throws IOException {
        expect("nix-archive-1", "magic");
        node("", visitor);
    }

    private void node(String path, FileSystemObjectVisitor visitor) throws IOException {
        expect("(", path);
        expect("type", path);
        String type = string(path);
        switch (type) {
            case "regular" -> regular(path, visitor);
            case "symlink" -> {
                expect("target", path);
                String target = string(path);
                if (target.isEmpty() || target.indexOf('\0') >= 0) throw new NarFormatException(where(path) + ": invalid symlink target");
                visitor.symlink(path, target);
                expect(")", path);
            }
            case "directory" -> directory(path, visitor);
            default -> throw new NarFormatException(where(path) + ": unknown object type '" + type + "'");
        }
    }

    private void regular(String path, FileSystemObjectVisitor visitor) throws IOException {
        boolean executable = false;
        String token = string(path);
        if (token.equals("executable")) {
            executable = true;
            expect("", path);
            token = string(path);
        }
        if (!token.equals("contents")) throw new NarFormatException(where(path) + ": expected 'contents', got '" + token + "'");
        long size = number(path);
        BoundedStream contents = new BoundedStream(in, size);
        visitor.regularFile(path, executable, size, contents);
        contents.skipRest(path);
        padding(size, path);
        expect(")", path);
    }

    private void directory(String path, FileSystemObjectVisitor visitor) throws IOException {
        visitor.directory(path);
        byte[] previous = null;
        while (true) {
            String token = string(path);
            if (token.equals(")")) return;
            if (!token.equals("entry")) throw new NarFormatException(where(path) + ": expected 'entry' or ')', got '" + token + "'");
            expect("(", path);
            expect("name", path);
            String name = string(path);
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
                throw new NarFormatException(where(path) + ": invalid entry name '" + name.replace("\0", "\\0") + "'");
            }
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            if (previous != null && Arrays.compareUnsigned(previous, bytes) >= 0) {
                throw new NarFormatException(where(path) + ": entry '" + name + "' is duplicate or out of order");
            }
            previous = bytes;
            expect("node", path);
            node(path.isEmpty() ? name : path + "/" + name, visitor);
            expect(")", path);
        }
    }

    private static String where(String path) {
        return path.isEmpty() ? "NAR root" : "NAR entry " + path;
    }

    private void expect(String token, String path) throws IOException {
        String got = string(path);
        if (!got.equals(token)) throw new NarFormatException(where(path) + ": expected '" + token + "', got '" + got + "'");
    }

    private String string(String path) throws IOException {
        long len = number(path);
        if (len > MAX_TOKEN) throw new NarFormatException(where(path) + ": string of " + len + " bytes is too long");
        byte[] b = in.readNBytes((int) len);
        if (b.length < len) throw new NarFormatException(where(path) + ": truncated NAR");
        padding(len, path);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            // A layer names entries in UTF-8; a name in another encoding could only be mangled.
            throw new NarFormatException(where(path) + ": a name or target that is not UTF-8 (cannot be kept byte-exact in a layer)");
        }
    }

    private long number(String path) throws IOException {
        byte[] b = in.readNBytes(8);
        if (b.length < 8) throw new NarFormatException(where(path) + ": truncated NAR");
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[i] & 0xff);
        if (v < 0) throw new NarFormatException(where(path) + ": length out of range");
        return v;
    }

    private void padding(long len, String path) throws IOException {
        int pad = (int) ((8 - (len % 8)) % 8);
        byte[] b = in.readNBytes(pad);
        if (b.length < pad) throw new NarFormatException(where(path) + ": truncated NAR");
        for (byte x : b) if (x != 0) throw new NarFormatException(where(path) + ": non-zero padding");
    }

    /** Exactly {@code size} bytes of the underlying stream. */
    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedStream(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) return -1;
            int b = in.read();
            if (b < 0) throw new EOFException("truncated NAR");
            left--;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (left == 0) return -1;
            int n = in.read(buf, off, (int) Math.min(len, left));
            if (n < 0) throw new EOFException("truncated NAR");
            left -= n;
            return n;
        }

        void skipRest(String path) throws IOException {
            byte[] buf = new byte[8192];
            while (left > 0) {
                int n = read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) throw new NarFormatException(where(path) + ": truncated NAR");
            }
        }

        @Override
        public void close() {}
    }
}
