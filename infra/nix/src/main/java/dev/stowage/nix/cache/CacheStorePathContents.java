package dev.stowage.nix.cache;

import com.github.luben.zstd.ZstdInputStream;
import dev.stowage.blob.DigestMismatchException;
import dev.stowage.blob.VerifyingInputStream;
import dev.stowage.error.BadInputException;
import dev.stowage.nix.FileSystemObjectVisitor;
import dev.stowage.nix.StorePath;
import dev.stowage.nix.StorePathContents;
import dev.stowage.oci.Digest;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Store paths read from a binary cache instead of a local store: the narinfo must agree with the
 * closure (NAR hash and size) and satisfy the trust policy; the compressed file is checked against
 * FileHash and the NAR against NarHash while streaming into the visitor. Any mismatch, a malformed
 * NAR or a refused signature is bad input naming the store path.
 */
public final class CacheStorePathContents implements StorePathContents {
    private final BinaryCache cache;
    private final TrustPolicy trust;
    private final CacheMeters meters;

    public CacheStorePathContents(BinaryCache cache, TrustPolicy trust) {
        this(cache, trust, CacheMeters.none());
    }

    /** @param meters counts fetches and verification failures ({@link CacheMeters}) */
    public CacheStorePathContents(BinaryCache cache, TrustPolicy trust, CacheMeters meters) {
        this.cache = cache;
        this.trust = trust;
        this.meters = meters;
    }

    public NarInfo narInfo(StorePath path) throws IOException {
        byte[] text = cache.read(path.hash() + ".narinfo")
                .orElseThrow(() -> new BadInputException(path.toString(), "not in the binary cache " + cache.describe()));
        try {
            NarInfo info = NarInfo.parse(new String(text, StandardCharsets.UTF_8), path.storeDir());
            if (!info.storePath().equals(path)) throw new IllegalArgumentException("it describes " + info.storePath());
            return info;
        } catch (IllegalArgumentException e) {
            throw new BadInputException(path.toString(), "invalid narinfo in " + cache.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void accept(StorePath path, Digest narHash, long narSize, FileSystemObjectVisitor visitor) throws IOException {
        try {
            verifiedRead(path, narHash, narSize, visitor);
            meters.fetched("ok");
        } catch (Refused e) {
            meters.verificationFailed(e.reason);
            meters.fetched("refused");
            throw e.failure;
        } catch (BadInputException e) { // the NAR's own content: past its NarSize, an unknown compression, a name refused
            meters.verificationFailed("nar");
            meters.fetched("refused");
            throw e;
        } catch (IOException | RuntimeException e) {
            meters.fetched("error");
            throw e;
        }
    }

    /** A verification failure with the reason it is counted under. */
    private static final class Refused extends Exception {
        final String reason;
        final BadInputException failure;

        Refused(String reason, BadInputException failure) {
            super(failure.getMessage(), failure, false, false);
            this.reason = reason;
            this.failure = failure;
        }
    }

    private void verifiedRead(StorePath path, Digest narHash, long narSize, FileSystemObjectVisitor visitor) throws IOException, Refused {
        NarInfo info;
        try {
            info = narInfo(path);
        } catch (BadInputException e) {
            throw new Refused("narinfo", e);
        }
        if (!info.narHash().equals(narHash) || info.narSize() != narSize) {
            throw new Refused("narinfo", new BadInputException(path.toString(), "the cache's narinfo (NarHash " + info.narHash() + ", NarSize "
                    + info.narSize() + ") does not match the closure (" + narHash + ", " + narSize + ")"));
        }
        Optional<String> refusal = trust.refusal(info);
        if (refusal.isPresent()) throw new Refused("signature", new BadInputException(path.toString(), refusal.get()));
        String where = path + " in " + cache.describe();
        try (InputStream raw = new Transport(cache.open(info.url()))) {
            InputStream file = info.fileHash() == null ? raw : new VerifyingInputStream(raw, info.fileHash(), where + " (FileHash)");
            InputStream nar = new VerifyingInputStream(new SizeLimit(decoded(info.compression(), new BufferedInputStream(file, 1 << 16), path),
                    info.narSize()), info.narHash(), where + " (NarHash)");
            new NarReader(nar).read(visitor);
            if (nar.read() != -1) throw new NarFormatException("data after the end of the NAR");
            file.transferTo(OutputStream.nullOutputStream()); // to the end, so FileHash is checked
        } catch (NarFormatException e) {
            throw new Refused("nar", new BadInputException(path.toString(), "malformed NAR in " + cache.describe() + ": " + e.getMessage(), e));
        } catch (DigestMismatchException e) {
            throw new Refused("hash", new BadInputException(path.toString(), e.getMessage(), e));
        } catch (EOFException e) {
            throw new Refused("nar", new BadInputException(path.toString(), "truncated NAR in " + cache.describe(), e));
        } catch (Transport.Failure e) {
            throw e.getCause(); // the cache itself failed (network, disk): not the NAR's fault
        }
    }

    /** The decompressed NAR; a decoder's own failure (truncated or garbage data) becomes a {@link NarFormatException}. */
    private static InputStream decoded(String compression, InputStream in, StorePath path) throws IOException {
        try {
            return new Decoding(decompress(compression, in, path), compression);
        } catch (Transport.Failure | BadInputException e) {
            throw e;
        } catch (IOException e) {
            throw Decoding.failure(compression, e);
        }
    }

    /** Marks failures of the cache's own stream, so they are told apart from the decoder's. */
    private static final class Transport extends FilterInputStream {
        static final class Failure extends IOException {
            Failure(IOException cause) {
                super(cause.getMessage(), cause);
            }

            @Override
            public synchronized IOException getCause() {
                return (IOException) super.getCause();
            }
        }

        Transport(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (Failure | DigestMismatchException e) {
                throw e;
            } catch (IOException e) {
                throw new Failure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (Failure | DigestMismatchException e) {
                throw e;
            } catch (IOException e) {
                throw new Failure(e);
            }
        }
    }

    /** A decompressor's stream whose own errors (zstd's "Truncated source", xz's "Corrupted input") name the NAR, not a class. */
    private static final class Decoding extends FilterInputStream {
        private final String compression;

        Decoding(InputStream in, String compression) {
            super(in);
            this.compression = compression;
        }

        static NarFormatException failure(String compression, IOException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            boolean truncated = e instanceof EOFException || m.contains("truncated") || m.contains("unexpected end") || m.contains("end of stream");
            return new NarFormatException("the " + compression + " data is " + (truncated ? "truncated" : "corrupt (not valid " + compression + ")"));
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (Transport.Failure | DigestMismatchException | NarFormatException e) {
                throw e;
            } catch (IOException e) {
                throw failure(compression, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (Transport.Failure | DigestMismatchException | NarFormatException e) {
                throw e;
            } catch (IOException e) {
                throw failure(compression, e);
            }
        }
    }

    /** Refuses a NAR as soon as it runs past NarSize, instead of reading an unbounded stream to the end. */
    private static final class SizeLimit extends FilterInputStream {
        private final long limit;
        private long read;

        SizeLimit(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) count(n);
            return n;
        }

        private void count(int n) throws NarFormatException {
            read += n;
            if (read > limit) throw new NarFormatException("the NAR is larger than its NarSize " + limit);
        }
    }

    private static InputStream decompress(String compression, InputStream in, StorePath path) throws IOException {
        return switch (compression) {
            case "none", "" -> in;
            case "xz" -> new XZInputStream(in, 256 * 1024); // KiB: a header asking for more memory is refused
            case "zstd" -> new ZstdInputStream(in);
            case "bzip2" -> new BZip2CompressorInputStream(in);
            default -> throw new BadInputException(path.toString(), "unsupported NAR compression '" + compression + "'");
        };
    }
}
