package dev.stowage.event;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Fields every event carries. {@code eventId} is unique per emission; redelivery of one message
 * keeps it, a re-emission after a restart does not (deduplicate on the event's idempotency key).
 * {@code producer} says who emitted it (role, host, instance) for the audit trail.
 */
public record EventHeader(int schemaVersion, String eventId, String buildId, Instant occurredAt, String producer) {
    public static final int SCHEMA_VERSION = 1;

    public EventHeader {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported event schema version " + schemaVersion + " (this build reads " + SCHEMA_VERSION + ")");
        }
        Objects.requireNonNull(eventId, "eventId");
        BuildIds.check(buildId);
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(producer, "producer");
    }

    public static EventHeader create(String buildId, String producer, Clock clock) {
        return new EventHeader(SCHEMA_VERSION, UUID.randomUUID().toString(), buildId, clock.instant(), producer);
    }
}
