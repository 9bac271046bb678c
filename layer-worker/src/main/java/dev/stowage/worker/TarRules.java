package dev.stowage.worker;

import dev.stowage.tar.TarHeaders;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The one place that decides what a layer tar's entries are, so that the same store paths give the
 * same bytes on any machine: owner 0:0 named root/root, one fixed mtime, Nix's canonical modes
 * (directories 0555, files 0444 or 0555, symlinks 0777; the parents of the store directory 0755),
 * names without a leading slash, checked by {@link EntryNames}. The header bytes themselves
 * (PAX records for long names, big numbers) are written by core's {@link TarHeaders}, as for
 * every tar Stowage writes.
 *
 * <p>Bump {@link #VERSION} whenever a change here or in {@link TarHeaders} changes a single output
 * byte: it is part of every layer cache key.
 */
public final class TarRules {
    public static final int VERSION = 1;
    private final TarHeaders headers;

    public TarRules(Instant mtime) {
        this.headers = new TarHeaders(mtime, "root");
    }

    /** A tar stream configured so that only the header writer decides the header bytes. */
    public static TarArchiveOutputStream open(OutputStream out) {
        return TarHeaders.open(out);
    }

    /** The parents of the store directory, e.g. {@code nix/} and {@code nix/store/}, as 0755 directories. */
    public void writeStoreDirParents(TarArchiveOutputStream tar, String storeDir) throws IOException {
        String[] parts = storeDir.substring(1).split("/");
        StringBuilder name = new StringBuilder();
        for (String part : parts) {
            name.append(part).append('/');
            putDirectory(tar, name.toString(), 0755);
        }
    }

    public void putDirectory(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        putDirectory(tar, name, mode, 0, 0);
    }

    /** A directory owned by {@code uid:gid} (customisation layer entries may have owners). */
    public void putDirectory(TarArchiveOutputStream tar, String name, int mode, int uid, int gid) throws IOException {
        String n = name.endsWith("/") ? name : name + "/";
        EntryNames.check(n, null);
        headers.directory(tar, n, mode, uid, gid);
    }

    /** Starts a regular file entry with an explicit mode and owner. */
    public void putFile(TarArchiveOutputStream tar, String name, int mode, int uid, int gid, long size) throws IOException {
        EntryNames.check(name, null);
        headers.file(tar, name, mode, uid, gid, size);
    }

    public void putSymlink(TarArchiveOutputStream tar, String name, String target, int uid, int gid) throws IOException {
        EntryNames.check(name, target);
        headers.symlink(tar, name, target, 0777, uid, gid);
    }

    /** Starts a regular file entry; the caller writes exactly {@code size} bytes and closes the entry. */
    public void putFile(TarArchiveOutputStream tar, String name, boolean executable, long size) throws IOException {
        putFile(tar, name, executable ? 0555 : 0444, 0, 0, size);
    }

    public void putSymlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        putSymlink(tar, name, target, 0, 0);
    }
}
