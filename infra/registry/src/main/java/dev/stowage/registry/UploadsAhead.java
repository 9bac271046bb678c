package dev.stowage.registry;

import dev.stowage.oci.Digest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Blob uploads started before the push that needs them (a layer put into the output repository as
 * soon as it is built, while the others are still encoding), by registry, repository and digest.
 * The push {@linkplain #claim claims} each one instead of putting the blob itself, so a blob never
 * goes up twice from this process; an upload ahead that failed is simply done again by the push.
 */
final class UploadsAhead {
    private final Map<String, Future<BlobUploader.Outcome>> started = new ConcurrentHashMap<>();

    private static String key(String registry, String repository, Digest digest) {
        return registry + "|" + repository + "|" + digest;
    }

    /** Starts {@code upload} unless one for the same blob and repository was started and not claimed yet. */
    void start(String registry, String repository, Digest digest, Supplier<Future<BlobUploader.Outcome>> upload) {
        started.computeIfAbsent(key(registry, repository, digest), k -> upload.get());
    }

    /** The upload started ahead for this blob and repository, taken out (a later push starts afresh). */
    Optional<Future<BlobUploader.Outcome>> claim(String registry, String repository, Digest digest) {
        return Optional.ofNullable(started.remove(key(registry, repository, digest)));
    }

    /** Stops the uploads nobody claimed (the build failed, or its outputs changed). */
    void cancelAll() {
        started.values().forEach(f -> f.cancel(true));
        started.clear();
    }
}
