package dev.stowage.spec;

import java.net.URI;
import java.util.List;

/**
 * A platform's store paths come from a Nix binary cache instead of a local store: {@code cache}
 * is {@code file://DIR}; narinfo signatures must verify against {@code trustedPublicKeys}
 * ({@code name:base64}) unless {@code allowUnsigned} is set explicitly.
 */
public record CacheSource(String cache, List<String> trustedPublicKeys, Boolean allowUnsigned) {
    public CacheSource {
        if (cache == null || cache.isBlank()) throw new IllegalArgumentException("source.cache is required (file://DIR)");
        URI uri;
        try {
            uri = URI.create(cache);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("source.cache is not a URL");
        }
        // The URL travels in events and logs: credentials belong in the environment, never in it.
        if (uri.getRawUserInfo() != null || (uri.getRawQuery() != null && uri.getRawQuery().matches("(?i).*(secret|password|token|key)=.*"))) {
            throw new IllegalArgumentException("source.cache must not contain credentials (use the environment or a credentials file)");
        }
        trustedPublicKeys = trustedPublicKeys == null ? List.of() : List.copyOf(trustedPublicKeys);
        allowUnsigned = Boolean.TRUE.equals(allowUnsigned);
        if (!allowUnsigned && trustedPublicKeys.isEmpty()) {
            throw new IllegalArgumentException("source: give trustedPublicKeys, or set allowUnsigned to true to accept unsigned paths");
        }
    }
}
