package dev.stowage.worker;

import dev.stowage.nix.FileSystemObjectVisitor;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Writes one store path's objects into a layer tar under its image path ({@code nix/store/<hash>-<name>}). */
final class LayerTarWriter implements FileSystemObjectVisitor {
    private final TarArchiveOutputStream tar;
    private final TarRules rules;
    private final String prefix;
    private final byte[] buffer = new byte[1 << 16];

    LayerTarWriter(TarArchiveOutputStream tar, TarRules rules, String prefix) {
        this.tar = tar;
        this.rules = rules;
        this.prefix = prefix;
    }

    private String name(String rel) {
        return rel.isEmpty() ? prefix : prefix + "/" + rel;
    }

    @Override
    public void directory(String path) throws IOException {
        rules.putDirectory(tar, name(path), 0555);
    }

    @Override
    public void regularFile(String path, boolean executable, long size, InputStream contents) throws IOException {
        rules.putFile(tar, name(path), executable, size);
        long left = size;
        while (left > 0) {
            int n = contents.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) throw new IOException(name(path) + " ended after " + (size - left) + " of " + size + " bytes (changed while reading?)");
            tar.write(buffer, 0, n);
            left -= n;
        }
        tar.closeArchiveEntry();
    }

    @Override
    public void symlink(String path, String target) throws IOException {
        rules.putSymlink(tar, name(path), target);
    }
}
