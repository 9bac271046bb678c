package dev.stowage.registryserver;

import dev.stowage.event.StowageEvent;
import java.io.IOException;
import java.util.List;

/** Every event so far (the JSONL audit log, or the topics read from the beginning), in order. */
@FunctionalInterface
public interface EventTrail {
    List<StowageEvent> read() throws IOException;
}
