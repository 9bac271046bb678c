package dev.stowage.publisher.output;

import dev.stowage.event.OutputTarget;

/** This publisher cannot write this kind of output (yet); retrying does not help. */
public final class UnsupportedOutputException extends UnsupportedOperationException {
    private final transient OutputTarget target;

    public UnsupportedOutputException(OutputTarget target, String why) {
        super("cannot publish to " + target + ": " + why);
        this.target = target;
    }

    public OutputTarget target() {
        return target;
    }
}
