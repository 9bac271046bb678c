package dev.stowage.publisher.output;

import dev.stowage.event.IndexAssembled;
import dev.stowage.event.OutputTarget;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.util.Map;

/**
 * Writes an assembled image to one output of one transport, in two steps: {@link #stage} moves
 * every byte without making anything visible under a name (temp files next to the target, blobs by
 * digest), {@link StagedOutput#commit} makes it visible (a rename, a tag, a load). The file writers
 * are built in; others plug in through {@link OutputPublisher#with(OutputTarget.Transport, OutputWriter)}.
 */
@FunctionalInterface
public interface OutputWriter {
    /** @param uncompressedSizes tar sizes by diffID where known (may be empty) */
    StagedOutput stage(IndexAssembled event, OutputTarget target, Map<Digest, Long> uncompressedSizes) throws IOException;
}
