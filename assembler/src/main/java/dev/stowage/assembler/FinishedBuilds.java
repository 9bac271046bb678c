package dev.stowage.assembler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the builds this assembler finished most recently, so that redeliveries reaching it
 * after a build's state was deleted are ignored instead of starting the build's state over. At
 * most {@code capacity} ids are kept, the oldest going first.
 */
final class FinishedBuilds {
    private final Map<String, Boolean> ids;

    FinishedBuilds(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.ids = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void add(String buildId) {
        ids.put(buildId, Boolean.TRUE);
    }

    synchronized boolean contains(String buildId) {
        return ids.containsKey(buildId);
    }
}
