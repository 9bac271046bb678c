package dev.stowage.nix.cache;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** A Nix binary cache: {@code nix-cache-info}, {@code <hash>.narinfo} files and NARs, addressed relative to its root. */
public interface BinaryCache extends AutoCloseable {
    /** The bytes of a small file ({@code nix-cache-info}, a narinfo), or empty if absent. */
    Optional<byte[]> read(String relative) throws IOException;

    /** Streams a (large) file, such as a compressed NAR. */
    InputStream open(String relative) throws IOException;

    String describe();

    /** Releases the connections an HTTP or S3 cache holds; nothing for a local one. */
    @Override
    default void close() {}
}
