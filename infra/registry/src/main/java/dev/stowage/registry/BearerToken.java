package dev.stowage.registry;

import java.time.Instant;

/** A registry token and when to stop using it. {@link #toString()} never shows the token. */
record BearerToken(String value, Instant expiresAt) {
    boolean usableAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    String header() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "BearerToken[<redacted>, expiresAt=" + expiresAt + "]";
    }
}
