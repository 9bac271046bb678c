package dev.stowage.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The one place that decides what a layer tar's headers contain, so that the same store paths
 * give the same bytes on any machine: owner 0:0 named root/root, one fixed mtime, Nix's canonical
 * modes (directories 0555, files 0444 or 0555, symlinks 0777; the parents of the store directory
 * 0755), names without a leading slash. Long names get PAX headers written here, not by
 * commons-compress, whose own PAX entries carry the JVM's {@code user.name}.
 *
 * <p>Bump {@link #VERSION} whenever a change here changes a single output byte: it is part of
 * every layer cache key.
 */
public final class TarRules {
    public static final int VERSION = 1;
    private static final int NAME_FIELD = 100;
    private final Instant mtime;

    public TarRules(Instant mtime) {
        this.mtime = mtime;
    }

    /** A tar stream configured so that only this class decides the header bytes. */
    public static TarArchiveOutputStream open(java.io.OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_ERROR);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
        tar.setAddPaxHeadersForNonAsciiNames(false);
        return tar;
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
        put(tar, owned(entry(n, TarConstants.LF_DIR, mode, 0, null), uid, gid));
        tar.closeArchiveEntry();
    }

    /** Starts a regular file entry with an explicit mode and owner. */
    public void putFile(TarArchiveOutputStream tar, String name, int mode, int uid, int gid, long size) throws IOException {
        put(tar, owned(entry(name, TarConstants.LF_NORMAL, mode, size, null), uid, gid));
    }

    public void putSymlink(TarArchiveOutputStream tar, String name, String target, int uid, int gid) throws IOException {
        put(tar, owned(entry(name, TarConstants.LF_SYMLINK, 0777, 0, target), uid, gid));
        tar.closeArchiveEntry();
    }

    /** Owner ids as given; the names are {@code root} for id 0 and empty otherwise. */
    private static TarArchiveEntry owned(TarArchiveEntry e, int uid, int gid) {
        e.setIds(uid, gid);
        e.setNames(uid == 0 ? "root" : "", gid == 0 ? "root" : "");
        return e;
    }

    /** Starts a regular file entry; the caller writes exactly {@code size} bytes and closes the entry. */
    public void putFile(TarArchiveOutputStream tar, String name, boolean executable, long size) throws IOException {
        put(tar, entry(name, TarConstants.LF_NORMAL, executable ? 0555 : 0444, size, null));
    }

    public void putSymlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        put(tar, entry(name, TarConstants.LF_SYMLINK, 0777, 0, target));
        tar.closeArchiveEntry();
    }

    private TarArchiveEntry entry(String name, byte type, int mode, long size, String linkName) {
        EntryNames.check(name, linkName);
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(mode);
        e.setSize(size);
        if (linkName != null) e.setLinkName(linkName);
        normalise(e);
        return e;
    }

    private void normalise(TarArchiveEntry e) {
        e.setIds(0, 0);
        e.setNames("root", "root");
        e.setModTime(mtime.toEpochMilli());
        e.setDevMajor(0);
        e.setDevMinor(0);
    }

    private void put(TarArchiveOutputStream tar, TarArchiveEntry e) throws IOException {
        Map<String, String> pax = new TreeMap<>();
        if (bytes(e.getName()) >= NAME_FIELD) {
            pax.put("path", e.getName());
            e.setName(truncate(e.getName()));
        }
        if (e.getLinkName() != null && bytes(e.getLinkName()) >= NAME_FIELD) {
            pax.put("linkpath", e.getLinkName());
            e.setLinkName(truncate(e.getLinkName()));
        }
        if (!pax.isEmpty()) writePax(tar, e.getName(), pax);
        tar.putArchiveEntry(e);
    }

    private void writePax(TarArchiveOutputStream tar, String name, Map<String, String> records) throws IOException {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> r : records.entrySet()) body.append(PaxRecord.format(r.getKey(), r.getValue()));
        byte[] data = body.toString().getBytes(StandardCharsets.UTF_8);
        String paxName = truncate("PaxHeaders/" + (name.endsWith("/") ? name.substring(0, name.length() - 1) : name));
        TarArchiveEntry pax = new TarArchiveEntry(paxName, TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
        pax.setMode(0644);
        pax.setSize(data.length);
        normalise(pax);
        tar.putArchiveEntry(pax);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest prefix of {@code s} that fits the 100-byte name field with its NUL. */
    private static String truncate(String s) {
        String t = s;
        while (bytes(t) >= NAME_FIELD) t = t.substring(0, t.length() - 1);
        return t;
    }

    /** One PAX record, {@code "<len> <key>=<value>\n"}, where len counts the whole record. */
    static final class PaxRecord {
        private PaxRecord() {}

        static String format(String key, String value) {
            int rest = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
            int len = rest + Integer.toString(rest).length();
            if (Integer.toString(len).length() != Integer.toString(rest).length()) len++;
            return len + " " + key + "=" + value + "\n";
        }
    }
}
