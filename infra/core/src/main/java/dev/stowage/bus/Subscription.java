package dev.stowage.bus;

import java.util.Optional;

/** A group membership; closing it lets in-flight handlers finish, commits, and leaves the group. */
public interface Subscription extends AutoCloseable {

    /**
     * What ended a consumer of this subscription early, if anything: a member that cannot go on
     * (e.g. its transactional producer was fenced, or its handler threw an {@link Error} other
     * than {@link AssertionError}) stops and leaves the group, so its share of the partitions is no
     * longer handled by this subscription. Empty while every consumer runs or after a clean
     * {@link #close()}. The owner should treat a failure as fatal (report not-ready, exit, let an
     * orchestrator restart it); {@link #close()} rethrows it.
     */
    Optional<Throwable> failure();

    /** Stops the consumers; rethrows (wrapped in an {@link IllegalStateException}) what ended one of them early. */
    @Override
    void close();
}
