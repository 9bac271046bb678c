package dev.stowage.registryserver;

import dev.stowage.oci.Digest;
import dev.stowage.spec.BuildInput;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one build of an input with no outputs (the image stays in the blob store) and completes
 * with its index digest, or with an {@link ImageBuildException}. Implemented by the cli: on the
 * bus ({@code --kafka}) or on the embedded pipeline.
 */
@FunctionalInterface
public interface ImageBuilder {
    CompletableFuture<Digest> build(BuildInput input);
}
