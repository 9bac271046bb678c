package dev.stowage.registry;

import java.io.IOException;
import java.io.InputStream;

/**
 * A GET whose successful body is streamed to the step as it arrives (a blob), never held in
 * memory. Run with {@link RegistryCaller#download}; a retry calls {@link #read(RegistryResponse, InputStream)} again.
 */
public interface DownloadStep<T> extends RegistryStep<T> {
    @Override
    default String method() {
        return "GET";
    }

    /** Reads the body of an accepted response; {@code head} has status and headers only. */
    T read(RegistryResponse head, InputStream body) throws IOException;

    @Override
    default T read(RegistryResponse response) {
        throw new UnsupportedOperationException(description() + " streams its body: run it with RegistryCaller.download");
    }
}
