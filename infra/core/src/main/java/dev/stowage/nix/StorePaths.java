package dev.stowage.nix;

import dev.stowage.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.TreeSet;

/**
 * Content-addressed store paths computed the way Nix 2.8 does ({@code Store::makeStorePath}): the
 * fingerprint {@code <type>:sha256:<hex>:<storeDir>:<name>} is hashed with SHA-256, XOR-folded to
 * 20 bytes ({@code compressHash}) and written in nix-base32. The type is {@code text} or
 * {@code source} followed by {@code :<reference>} for each reference in sorted order
 * ({@code makeType}); self-references ({@code :self}) are not supported.
 */
public final class StorePaths {
    private StorePaths() {}

    /** A path like {@code builtins.toFile} / {@code writeText}: the SHA-256 of {@code contents}. */
    public static StorePath text(String storeDir, String name, byte[] contents, Collection<StorePath> references) {
        return make(storeDir, "text", Digest.ofBytes(contents), name, references);
    }

    /**
     * A recursive (NAR) SHA-256 content-addressed path, as {@code nix store add-path} makes without
     * references and {@code nix store make-content-addressable} with them.
     */
    public static StorePath source(String storeDir, String name, Digest narHash, Collection<StorePath> references) {
        return make(storeDir, "source", narHash, name, references);
    }

    /** The {@code ca} column Nix 2.8 records for a {@link #text} path: {@code text:sha256:<base32>}. */
    public static String textContentAddress(byte[] contents) {
        return "text:sha256:" + NixBase32.encode(Digest.ofBytes(contents).raw());
    }

    /** The {@code ca} column Nix 2.8 records for a {@link #source} path: {@code fixed:r:sha256:<base32>}. */
    public static String sourceContentAddress(Digest narHash) {
        return "fixed:r:sha256:" + NixBase32.encode(narHash.raw());
    }

    static StorePath make(String storeDir, String type, Digest hash, String name, Collection<StorePath> references) {
        StringBuilder fingerprint = new StringBuilder(type);
        for (StorePath ref : new TreeSet<>(references)) {
            if (!ref.storeDir().equals(storeDir)) {
                throw new IllegalArgumentException("reference " + ref + " is not in store directory " + storeDir);
            }
            fingerprint.append(':').append(ref);
        }
        fingerprint.append(":sha256:").append(hash.hex()).append(':').append(storeDir).append(':').append(name);
        byte[] full = Digest.ofBytes(fingerprint.toString().getBytes(StandardCharsets.UTF_8)).raw();
        return new StorePath(storeDir, NixBase32.encode(compress(full, 20)), name);
    }

    /** Nix's {@code compressHash}: byte i of the input is XORed into byte i mod size of the output. */
    static byte[] compress(byte[] hash, int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < hash.length; i++) out[i % size] ^= hash[i];
        return out;
    }
}
