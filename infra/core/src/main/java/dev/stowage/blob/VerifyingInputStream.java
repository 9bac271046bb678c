package dev.stowage.blob;

import dev.stowage.oci.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Computes the SHA-256 of what is read and fails at end of stream if it is not {@code expected}. */
public final class VerifyingInputStream extends FilterInputStream {
    private final MessageDigest sha = Digest.sha256();
    private final Digest expected;
    private final String where;
    private boolean checked;

    public VerifyingInputStream(InputStream in, Digest expected, String where) {
        super(in);
        this.expected = expected;
        this.where = where;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) verify();
        else sha.update((byte) b);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) verify();
        else sha.update(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) break;
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void verify() throws IOException {
        if (checked) return;
        checked = true;
        Digest actual = Digest.fromRaw(sha.digest());
        if (!actual.equals(expected)) throw new DigestMismatchException(expected, actual, where);
    }
}
