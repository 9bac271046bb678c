package dev.stowage.worker;

import com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor;
import dev.stowage.error.RefusedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * gzip as a series of independent members, one per {@link #BLOCK} bytes of input (the last one
 * shorter, and one empty member for empty input), each compressed whole by libdeflate on
 * {@code pool} and written in input order. A multi-member gzip file is one gzip file (RFC 1952
 * §2.2): every gunzip, Go's {@code compress/gzip}, the JDK and the container runtimes read it
 * through, as they read BGZF and eStargz layers.
 *
 * <p>The bytes depend only on the input, {@link #BLOCK}, the level and the libdeflate built into
 * the jlibdeflate jar: never on the thread count, the caller's write sizes or {@link #flush()}
 * calls (which cut no member), nor on the machine's own zlib.
 */
final class BlockGzipOutputStream extends OutputStream {
    /** Input bytes per member. Part of the encoder's identity ({@link Compressors#encoder}). */
    static final int BLOCK = 1 << 20;
    /** Members compressing or compressed but not yet written, per stream: bounds memory at about 2 × 8 MiB. */
    private static final int IN_FLIGHT = 8;

    /** A block's input and its member, {@code length} bytes of {@code output}; both buffers are reused once written. */
    private record Member(byte[] input, byte[] output, int length) {}

    private final OutputStream out;
    private final ExecutorService pool;
    private final int level;
    private final ArrayDeque<Future<Member>> pending = new ArrayDeque<>();
    private final ArrayDeque<byte[]> freeInputs = new ArrayDeque<>();
    private final ArrayDeque<byte[]> freeOutputs = new ArrayDeque<>();
    private byte[] block = new byte[BLOCK];
    private int filled;
    private boolean anyMember;
    private boolean closed;

    BlockGzipOutputStream(OutputStream out, ExecutorService pool, int level) {
        this.out = Objects.requireNonNull(out);
        this.pool = Objects.requireNonNull(pool);
        this.level = level;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        block[filled++] = (byte) b;
        if (filled == BLOCK) submit();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            int n = Math.min(len, BLOCK - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == BLOCK) submit();
        }
    }

    /** Writes the members finished so far; the open block stays open, so flushing never changes the bytes. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        while (!pending.isEmpty() && pending.peek().isDone()) writeOldest();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        try {
            if (filled > 0 || !anyMember) submit();
            while (!pending.isEmpty()) writeOldest();
        } catch (IOException | RuntimeException e) {
            pending.forEach(f -> f.cancel(true));
            pending.clear();
            throw e;
        } finally {
            closed = true;
            block = null;
        }
        out.close();
    }

    private void submit() throws IOException {
        byte[] input = block;
        int length = filled;
        byte[] output = freeOutputs.isEmpty() ? null : freeOutputs.pop();
        pending.add(pool.submit(() -> compress(input, length, output, level)));
        anyMember = true;
        filled = 0;
        try {
            while (pending.size() > IN_FLIGHT) writeOldest();
        } finally {
            block = freeInputs.isEmpty() ? new byte[BLOCK] : freeInputs.pop();
        }
    }

    private void writeOldest() throws IOException {
        Member member;
        try {
            member = pending.peek().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing a layer");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LinkageError missing) throw unavailable(missing);
            throw new IOException("gzip compression failed: " + e.getCause().getMessage(), e.getCause());
        }
        pending.poll();
        out.write(member.output(), 0, member.length());
        freeInputs.push(member.input());
        freeOutputs.push(member.output());
    }

    /** Compresses {@code length} bytes of {@code input} into {@code output} when it is big enough, else into a new buffer. */
    private static Member compress(byte[] input, int length, byte[] output, int level) {
        try (LibdeflateCompressor c = new LibdeflateCompressor(level)) {
            int bound = c.gzipCompressBound(BLOCK);
            byte[] into = output != null && output.length >= bound ? output : new byte[bound];
            return new Member(input, into, c.gzipCompress(input, 0, length, into, 0, into.length));
        }
    }

    /** The bundled native library does not load here (a platform jlibdeflate has no build for): never retried. */
    private static RefusedException unavailable(LinkageError e) {
        return new RefusedException("compression gzip", "the bundled libdeflate (built for Linux x86_64 and aarch64, macOS and"
                + " Windows) does not load on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + "; build with \"compression\": \"zstd\" or \"none\"", e);
    }

    private void ensureOpen() throws IOException {
        if (closed) throw new IOException("stream closed");
    }
}
