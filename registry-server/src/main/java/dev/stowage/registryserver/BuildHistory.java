package dev.stowage.registryserver;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The published images of an event trail, read again at most once per {@code refresh}: a build
 * published a moment ago is pullable within that time.
 */
public final class BuildHistory {
    private final EventTrail trail;
    private final Duration refresh;
    private final Clock clock;
    private PublishedImages images = PublishedImages.empty();
    private Instant readAt;

    public BuildHistory(EventTrail trail, Duration refresh, Clock clock) {
        this.trail = trail;
        this.refresh = refresh;
        this.clock = clock;
    }

    public synchronized PublishedImages images() throws IOException {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(refresh))) {
            images = PublishedImages.of(trail.read());
            readAt = now;
        }
        return images;
    }

    /** Reads the trail at the next call, whatever the refresh interval (after a build this process waited for). */
    public synchronized void invalidate() {
        readAt = null;
    }
}
