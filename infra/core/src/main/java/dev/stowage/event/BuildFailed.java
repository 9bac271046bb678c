package dev.stowage.event;

import java.util.Objects;

/**
 * A build stopped. {@code input} names what was wrong (a file, a field, a store path) when the
 * cause is the user's input ({@link Kind#BAD_INPUT}), or what a dependency refused (an output,
 * {@link Kind#REFUSED}); {@code message} is one line, never a stack trace, never a secret.
 */
public record BuildFailed(EventHeader header, String stage, Kind kind, String input, String message) implements StowageEvent {

    public enum Kind { BAD_INPUT, REFUSED, INTERNAL }

    public BuildFailed {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(kind, "kind");
        input = input == null ? "" : input;
        message = message == null ? "" : message.replace('\n', ' ');
    }

    @Override
    public String partitionKey() {
        return buildId();
    }

    @Override
    public String idempotencyKey() {
        return "build-failed/" + buildId() + "/" + stage;
    }
}
