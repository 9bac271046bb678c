package dev.stowage.registryserver;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * What a request's {@code Authorization} header holds: nothing, Basic user and password, a Bearer
 * token, or something unreadable. {@link #toString()} never shows a password or token.
 */
sealed interface Credential {
    record None() implements Credential {}

    record Basic(String user, String password) implements Credential {
        @Override
        public String toString() {
            return "Basic[" + user + "]";
        }
    }

    record Bearer(String token) implements Credential {
        @Override
        public String toString() {
            return "Bearer[…]";
        }
    }

    record Unreadable() implements Credential {}

    static Credential of(String header) {
        if (header == null || header.isBlank()) return new None();
        String h = header.strip();
        int space = h.indexOf(' ');
        if (space < 0) return new Unreadable();
        String scheme = h.substring(0, space).toLowerCase(Locale.ROOT);
        String value = h.substring(space + 1).strip();
        if (scheme.equals("bearer")) return value.isEmpty() ? new Unreadable() : new Bearer(value);
        if (!scheme.equals("basic")) return new Unreadable();
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return new Unreadable();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) return new Unreadable();
        return new Basic(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
