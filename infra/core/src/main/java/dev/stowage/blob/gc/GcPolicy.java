package dev.stowage.blob.gc;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When the collector may delete: nothing written after {@code now - grace} (a build running
 * concurrently may still reference it), no unfinished build's state younger than
 * {@code now - unfinishedFor} (an abandoned build's state goes after that).
 */
public record GcPolicy(Instant now, Duration grace, Duration unfinishedFor) {
    public GcPolicy {
        Objects.requireNonNull(now, "now");
        if (grace.isNegative()) throw new IllegalArgumentException("grace must not be negative");
        if (unfinishedFor.compareTo(grace) < 0) unfinishedFor = grace;
    }

    Instant youngSince() {
        return now.minus(grace);
    }

    boolean young(Instant lastModified) {
        return lastModified.isAfter(youngSince());
    }
}
