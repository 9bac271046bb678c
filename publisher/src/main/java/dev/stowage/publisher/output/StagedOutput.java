package dev.stowage.publisher.output;

import dev.stowage.event.Published;
import java.io.IOException;

/**
 * An output whose content is in place but not yet visible. Exactly one of {@link #commit} or
 * {@link #abort} is called. {@link #local()} outputs (renames on this machine) are committed after
 * the others, because they are the least likely to fail.
 */
public interface StagedOutput {
    /** Makes the output visible; returns where it went. */
    Published.Destination commit() throws IOException;

    /** Removes whatever staging created (temp files, blobs that were not there before); quiet. */
    void abort();

    /** True when committing is a rename on this machine (committed last). */
    default boolean local() {
        return false;
    }

    /** A staged output committed by {@code commit} with nothing to clean up (a registry: blobs by digest are harmless). */
    static StagedOutput of(Commit commit) {
        return new StagedOutput() {
            @Override
            public Published.Destination commit() throws IOException {
                return commit.commit();
            }

            @Override
            public void abort() {}
        };
    }

    @FunctionalInterface
    interface Commit {
        Published.Destination commit() throws IOException;
    }
}
