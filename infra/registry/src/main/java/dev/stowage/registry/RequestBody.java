package dev.stowage.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A request body streamed from its source; {@link #open()} may be called again on a retry. */
public record RequestBody(String contentType, long length, Source source) {

    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    public static RequestBody of(String contentType, byte[] bytes) {
        byte[] copy = bytes.clone();
        return new RequestBody(contentType, copy.length, () -> new ByteArrayInputStream(copy));
    }

    public InputStream open() throws IOException {
        return source.open();
    }
}
