package dev.stowage.nix.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** A binary cache in a folder ({@code file://DIR}), as {@code nix copy --to file://DIR} writes it. */
public final class FileBinaryCache implements BinaryCache {
    private final Path root;

    public FileBinaryCache(Path root) {
        this.root = root.toAbsolutePath();
    }

    private Path resolve(String relative) throws IOException {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) throw new IOException("'" + relative + "' points outside the cache " + root);
        return p;
    }

    @Override
    public Optional<byte[]> read(String relative) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(resolve(relative)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String relative) throws IOException {
        return Files.newInputStream(resolve(relative));
    }

    @Override
    public String describe() {
        return "file://" + root;
    }
}
