package dev.stowage.nix;

import dev.stowage.oci.Digest;
import java.util.Base64;
import java.util.HexFormat;

/** Parses the hash forms Nix prints for NAR and file hashes into a {@link Digest}. */
public final class NarHash {
    private NarHash() {}

    /** Accepts {@code sha256-<base64>} (SRI), {@code sha256:<nix-base32>} and {@code sha256:<hex>}. */
    public static Digest parse(String text) {
        if (text == null) throw new IllegalArgumentException("hash is missing");
        if (text.startsWith("sha256-")) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(text.substring(7));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid SRI hash '" + text + "'", e);
            }
            if (raw.length != 32) throw new IllegalArgumentException("SRI sha256 hash must be 32 bytes: '" + text + "'");
            return Digest.fromRaw(raw);
        }
        if (text.startsWith("sha256:")) {
            String body = text.substring(7);
            if (body.length() == 64) return Digest.fromRaw(HexFormat.of().parseHex(body));
            try {
                return Digest.fromRaw(NixBase32.decode(body, 32));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid sha256 hash '" + text + "': " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("unsupported hash '" + text + "' (expected sha256-<base64> or sha256:<base32|hex>)");
    }

    /** The form narinfo files use: {@code sha256:<nix-base32>}. */
    public static String toNixBase32(Digest d) {
        return "sha256:" + NixBase32.encode(d.raw());
    }
}
