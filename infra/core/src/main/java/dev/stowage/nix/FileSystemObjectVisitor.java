package dev.stowage.nix;

import java.io.IOException;
import java.io.InputStream;

/**
 * Receives the file system objects of one store path in NAR order: depth first, the entries of a
 * directory sorted by name (byte order). {@code path} is relative to the store path, with
 * {@code /} separators, and empty for the store path itself. A NAR knows only these three kinds
 * of object and, for files, only the executable bit.
 */
public interface FileSystemObjectVisitor {
    void directory(String path) throws IOException;

    /** {@code contents} yields exactly {@code size} bytes and is valid only during this call. */
    void regularFile(String path, boolean executable, long size, InputStream contents) throws IOException;

    void symlink(String path, String target) throws IOException;
}
