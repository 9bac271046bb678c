package dev.stowage.publisher.output;

import dev.stowage.event.IndexAssembled;
import dev.stowage.event.OutputTarget;
import dev.stowage.event.Published;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.util.Map;

/**
 * Writes an assembled image to one output of one transport. The file writers are built in; a
 * registry writer plugs in through {@link OutputPublisher#with(OutputTarget.Transport, OutputWriter)}.
 */
@FunctionalInterface
public interface OutputWriter {
    /**
     * First half, called for every output of an event before any {@link #write}: move content
     * without making it visible under a name (a registry takes blobs and manifests by digest).
     * Default: nothing.
     */
    default void stage(IndexAssembled event, OutputTarget target) throws IOException {}

    /** @param uncompressedSizes tar sizes by diffID where known (may be empty) */
    Published.Destination write(IndexAssembled event, OutputTarget target, Map<Digest, Long> uncompressedSizes) throws IOException;
}
