package dev.stowage.registryserver;

import dev.stowage.error.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a file the registry is configured with; one it cannot read is bad input naming it and what it was for. */
final class InputFile {
    private InputFile() {}

    static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot read " + what + ": " + e.getMessage(), e);
        }
    }
}
