package dev.stowage.publisher.output;

import dev.stowage.event.IndexAssembled;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageLocation;
import java.io.IOException;
import java.util.Map;

/**
 * Writes an assembled image to one output of one transport, in two steps: {@link #stage} moves
 * every byte without making anything visible under a name (temp files next to the target, blobs by
 * digest), {@link StagedOutput#commit} makes it visible (a rename, a tag, a load). The file writers
 * are built in; others plug in through {@link OutputPublisher#with(Class, OutputWriter)}.
 *
 * @param <L> the kind of location it writes
 */
@FunctionalInterface
public interface OutputWriter<L extends ImageLocation> {
    /** @param uncompressedSizes tar sizes by diffID where known (may be empty) */
    StagedOutput stage(IndexAssembled event, L target, Map<Digest, Long> uncompressedSizes) throws IOException;
}
