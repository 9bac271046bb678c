package dev.stowage.spec;

import dev.stowage.error.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where {@code files[].source} may read from: a relative path that resolves, with every symlink
 * followed, to a regular file inside the allowed root (the spec's folder unless the command line
 * names another with {@code --files-root}). Absolute paths, {@code ../} escapes and symlinks
 * pointing out are refused, so a spec cannot copy arbitrary files of the build machine into an image.
 */
final class FileSources {
    private FileSources() {}

    static Path confined(String field, Path specDir, Path root, String source) {
        if (source.isEmpty() || source.indexOf('\0') >= 0) throw new BadInputException(field, "must be a relative file name");
        if (Path.of(source).isAbsolute()) {
            throw new BadInputException(field, "'" + source + "' is absolute; sources are relative to the spec's folder (see --files-root)");
        }
        Path candidate = specDir.resolve(source);
        Path real;
        Path realRoot;
        try {
            realRoot = root.toRealPath();
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            throw new BadInputException(field, "no such file: " + candidate);
        } catch (IOException e) {
            throw new BadInputException(field, "cannot read " + candidate + ": " + e.getMessage());
        }
        if (!real.startsWith(realRoot)) {
            throw new BadInputException(field, "'" + source + "' resolves to " + real + ", outside " + realRoot
                    + " (allow another folder with --files-root DIR)");
        }
        if (!Files.isRegularFile(real)) throw new BadInputException(field, "'" + source + "' is not a regular file");
        return real;
    }
}
