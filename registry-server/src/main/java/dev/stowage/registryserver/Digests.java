package dev.stowage.registryserver;

import dev.stowage.oci.Digest;

/** Digests in request paths: a malformed one is {@link ErrorCode#DIGEST_INVALID}. */
final class Digests {
    private Digests() {}

    static Digest parse(String text) {
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DistributionException(ErrorCode.DIGEST_INVALID, "invalid digest '" + text + "': " + e.getMessage());
        }
    }
}
