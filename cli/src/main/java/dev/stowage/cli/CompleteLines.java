package dev.stowage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A copy of a JSONL file up to its last newline: a log that a running build appends to may end
 * in half a line, which the reader must not take for a corrupt log.
 */
final class CompleteLines {
    private CompleteLines() {}

    /** A temporary file (deleted on exit) with the complete lines of {@code file}. */
    static Path snapshot(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') end--;
        Path copy = Files.createTempFile("stowage-gc-log-", ".jsonl");
        copy.toFile().deleteOnExit();
        return Files.write(copy, Arrays.copyOf(bytes, end));
    }
}
