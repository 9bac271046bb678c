package dev.stowage.tar;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The one writer of tar headers for every tar Stowage writes (layers and docker archives), so that
 * a header's bytes depend only on what it is given: one fixed mtime, the owner ids and names
 * passed, and nothing of the machine. Names and link names of 100 bytes or more get a PAX
 * extended header written here, its records sorted, owned by 0:0 with the {@code rootName};
 * commons-compress never writes its own PAX entries (their names and owners depend on the JVM),
 * and numbers too big for octal fields use base-256.
 */
public final class TarHeaders {
    private static final int NAME_FIELD = 100;
    private final Instant mtime;
    private final String rootName;

    /** Headers dated {@code mtime}; id 0 is named {@code rootName}, any other id has an empty name. */
    public TarHeaders(Instant mtime, String rootName) {
        this.mtime = mtime;
        this.rootName = rootName;
    }

    /** A tar stream configured so that only this class decides the header bytes. */
    public static TarArchiveOutputStream open(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_ERROR);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
        tar.setAddPaxHeadersForNonAsciiNames(false);
        return tar;
    }

    /** A directory entry, closed; {@code name} gets its trailing slash here. */
    public void directory(TarArchiveOutputStream tar, String name, int mode, int uid, int gid) throws IOException {
        put(tar, entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, mode, 0, null, uid, gid));
        tar.closeArchiveEntry();
    }

    /** Starts a regular file entry; the caller writes exactly {@code size} bytes and closes the entry. */
    public void file(TarArchiveOutputStream tar, String name, int mode, int uid, int gid, long size) throws IOException {
        put(tar, entry(name, TarConstants.LF_NORMAL, mode, size, null, uid, gid));
    }

    /** A symbolic link entry, closed. */
    public void symlink(TarArchiveOutputStream tar, String name, String target, int mode, int uid, int gid) throws IOException {
        put(tar, entry(name, TarConstants.LF_SYMLINK, mode, 0, target, uid, gid));
        tar.closeArchiveEntry();
    }

    private TarArchiveEntry entry(String name, byte type, int mode, long size, String linkName, int uid, int gid) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(mode);
        e.setSize(size);
        if (linkName != null) e.setLinkName(linkName);
        e.setIds(uid, gid);
        e.setNames(uid == 0 ? rootName : "", gid == 0 ? rootName : "");
        e.setModTime(mtime.toEpochMilli());
        e.setDevMajor(0);
        e.setDevMinor(0);
        return e;
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
        TarArchiveEntry pax = entry(paxName, TarConstants.LF_PAX_EXTENDED_HEADER_LC, 0644, data.length, null, 0, 0);
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
    public static final class PaxRecord {
        private PaxRecord() {}

        public static String format(String key, String value) {
            int rest = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
            int len = rest + Integer.toString(rest).length();
            if (Integer.toString(len).length() != Integer.toString(rest).length()) len++;
            return len + " " + key + "=" + value + "\n";
        }
    }
}
