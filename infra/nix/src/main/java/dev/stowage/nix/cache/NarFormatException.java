package dev.stowage.nix.cache;

import java.io.IOException;

/** A NAR stream is malformed; the message says where and how. */
public final class NarFormatException extends IOException {
    public NarFormatException(String message) {
        super(message);
    }
}
