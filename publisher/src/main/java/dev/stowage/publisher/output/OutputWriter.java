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
    /** @param uncompressedSizes tar sizes by diffID where known (may be empty) */
    Published.Destination write(IndexAssembled event, OutputTarget target, Map<Digest, Long> uncompressedSizes) throws IOException;
}
