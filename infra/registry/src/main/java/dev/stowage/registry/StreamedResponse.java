package dev.stowage.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** A response whose body has not been read yet: status and headers, and the body as a stream to read or close. */
record StreamedResponse(int status, Map<String, List<String>> headers, InputStream body) implements AutoCloseable {
    private static final int SMALL = 64 * 1024;

    /** The status and headers with the body read (up to 64 KiB; enough for an error document). */
    RegistryResponse buffered() throws IOException {
        return new RegistryResponse(status, headers, body.readNBytes(SMALL));
    }

    /** The status and headers without the body. */
    RegistryResponse head() {
        return new RegistryResponse(status, headers, new byte[0]);
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
