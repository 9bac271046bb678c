package dev.stowage.spec;

import dev.stowage.error.BadInputException;
import dev.stowage.oci.Platform;

/**
 * Resolves a spec's {@code fromImage} for one platform, copying the base's blobs into the blob
 * store. Implemented where image formats are read (the publisher module); errors are
 * {@link dev.stowage.error.BadInputException}s naming the reference.
 */
@FunctionalInterface
public interface BaseImageResolver {
    BaseImage resolve(String reference, Platform platform);

    static BaseImageResolver none() {
        return (reference, platform) -> {
            throw new BadInputException("fromImage", "base images are not available here: " + reference);
        };
    }
}
