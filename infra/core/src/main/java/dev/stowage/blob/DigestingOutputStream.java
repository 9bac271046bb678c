package dev.stowage.blob;

import dev.stowage.oci.Digest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Passes bytes through while computing their SHA-256 and counting them. */
public final class DigestingOutputStream extends FilterOutputStream {
    private final MessageDigest sha = Digest.sha256();
    private long count;

    public DigestingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha.update(b, off, len);
        count += len;
    }

    public long count() {
        return count;
    }

    /** The digest of everything written; call once, after the last write. */
    public Digest digest() {
        return Digest.fromRaw(sha.digest());
    }
}
