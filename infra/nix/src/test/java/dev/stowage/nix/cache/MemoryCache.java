package dev.stowage.nix.cache;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A binary cache in memory, for unit tests of one class. */
final class MemoryCache implements BinaryCache {
    final Map<String, byte[]> files = new HashMap<>();

    @Override
    public Optional<byte[]> read(String relative) {
        return Optional.ofNullable(files.get(relative));
    }

    @Override
    public InputStream open(String relative) throws IOException {
        byte[] b = files.get(relative);
        if (b == null) throw new IOException("no " + relative);
        return new ByteArrayInputStream(b);
    }

    @Override
    public String describe() {
        return "memory://test";
    }
}
