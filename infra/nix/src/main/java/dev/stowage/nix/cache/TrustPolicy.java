package dev.stowage.nix.cache;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which narinfo signatures a build accepts: ed25519 keys in Nix's {@code trusted-public-keys}
 * form ({@code name:base64}), or explicitly none ({@code allowUnsigned}).
 */
public final class TrustPolicy {
    private static final byte[] X509_ED25519_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private final Map<String, PublicKey> keys = new HashMap<>();
    private final boolean allowUnsigned;

    public TrustPolicy(List<String> trustedPublicKeys, boolean allowUnsigned) {
        this.allowUnsigned = allowUnsigned;
        for (String k : trustedPublicKeys) {
            int colon = k.indexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("a trusted public key is name:base64, got '" + k + "'");
            try {
                byte[] raw = Base64.getDecoder().decode(k.substring(colon + 1));
                if (raw.length != 32) throw new IllegalArgumentException("ed25519 public key '" + k.substring(0, colon) + "' must be 32 bytes");
                byte[] der = new byte[X509_ED25519_PREFIX.length + 32];
                System.arraycopy(X509_ED25519_PREFIX, 0, der, 0, X509_ED25519_PREFIX.length);
                System.arraycopy(raw, 0, der, X509_ED25519_PREFIX.length, 32);
                keys.put(k.substring(0, colon), KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid trusted public key '" + k.substring(0, colon) + "': " + e.getMessage(), e);
            }
        }
        if (!allowUnsigned && keys.isEmpty()) {
            throw new IllegalArgumentException("a binary cache needs trusted public keys, or allowUnsigned to accept unsigned paths");
        }
    }

    /** Why {@code info} is refused, or empty when it is accepted. */
    public Optional<String> refusal(NarInfo info) {
        if (allowUnsigned) return Optional.empty();
        if (info.sigs().isEmpty()) return Optional.of("is not signed (and unsigned paths are not allowed)");
        byte[] fingerprint = info.fingerprint().getBytes(StandardCharsets.UTF_8);
        for (String sig : info.sigs()) {
            int colon = sig.indexOf(':');
            PublicKey key = colon > 0 ? keys.get(sig.substring(0, colon)) : null;
            if (key == null) continue;
            try {
                Signature v = Signature.getInstance("Ed25519");
                v.initVerify(key);
                v.update(fingerprint);
                if (v.verify(Base64.getDecoder().decode(sig.substring(colon + 1)))) return Optional.empty();
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // a malformed signature counts as no signature
            }
        }
        return Optional.of("has no valid signature by a trusted key (signed by "
                + info.sigs().stream().map(s -> s.substring(0, Math.max(0, s.indexOf(':')))).toList() + ")");
    }
}
