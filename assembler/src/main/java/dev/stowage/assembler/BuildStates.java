package dev.stowage.assembler;

import dev.stowage.event.StowageEvent;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Where the assembler keeps what it knows of unfinished builds between messages. */
interface BuildStates {
    /** The build's state as last stored, if it has any. */
    Optional<BuildState> load(String buildId) throws IOException;

    /** Stores {@code fact}, which {@code state} has just learned. */
    void record(String buildId, BuildState state, StowageEvent fact) throws IOException;

    /** Stores how the build ended, in place of what it learned on the way, and marks {@code state} finished. */
    void finish(String buildId, BuildState state, BuildState.Finished end) throws IOException;

    /** Deletes records of a finished build that nothing names any more. */
    void forget(List<Digest> records) throws IOException;
}
