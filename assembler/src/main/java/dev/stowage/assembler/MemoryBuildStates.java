package dev.stowage.assembler;

import dev.stowage.event.StowageEvent;
import dev.stowage.oci.Digest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Build state that lives as long as the process: for a pipeline in one process (`stowage build`),
 * whose bus dies with it, so there is nothing to continue after a restart and nothing to write.
 * The ends of the last {@value #REMEMBERED} finished builds are kept, so a redelivery is answered
 * as {@link BuildStateStore} answers it.
 */
final class MemoryBuildStates implements BuildStates {
    static final int REMEMBERED = 1_000;
    private final Map<String, BuildState.Finished> finished = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BuildState.Finished> eldest) {
            return size() > REMEMBERED;
        }
    };

    @Override
    public synchronized Optional<BuildState> load(String buildId) {
        BuildState.Finished end = finished.get(buildId);
        if (end == null) return Optional.empty();
        BuildState state = new BuildState();
        state.finish(end);
        return Optional.of(state);
    }

    @Override
    public void record(String buildId, BuildState state, StowageEvent fact) {
        // held by the assembler's map of builds in progress
    }

    @Override
    public synchronized void finish(String buildId, BuildState state, BuildState.Finished end) {
        finished.put(buildId, end);
        state.finish(end);
    }

    @Override
    public void forget(List<Digest> records) {
        // nothing was stored
    }
}
