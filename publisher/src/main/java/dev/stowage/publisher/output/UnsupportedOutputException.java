package dev.stowage.publisher.output;

import dev.stowage.oci.ImageLocation;

/** This publisher cannot write this kind of output (yet); retrying does not help. */
public final class UnsupportedOutputException extends UnsupportedOperationException {
    private final transient ImageLocation target;

    public UnsupportedOutputException(ImageLocation target, String why) {
        super("cannot publish to " + target + ": " + why);
        this.target = target;
    }

    public ImageLocation target() {
        return target;
    }
}
