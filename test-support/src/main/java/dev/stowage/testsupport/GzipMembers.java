package dev.stowage.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** The members of a gzip file (RFC 1952 §2.2), decoded one by one: how many and how big each one's input was. */
public final class GzipMembers {
    private GzipMembers() {}

    /** The uncompressed size of each member, in order. Fails on anything but a sequence of whole members. */
    public static List<Long> sizes(byte[] gz) {
        List<Long> sizes = new ArrayList<>();
        int off = 0;
        byte[] sink = new byte[1 << 16];
        while (off < gz.length) {
            if (gz.length - off < 18 || (gz[off] & 0xff) != 0x1f || (gz[off + 1] & 0xff) != 0x8b || gz[off + 2] != 8)
                throw new IllegalArgumentException("no gzip member at offset " + off);
            if (gz[off + 3] != 0) throw new IllegalArgumentException("gzip member at " + off + " has header flags " + gz[off + 3]);
            Inflater inflater = new Inflater(true);
            try {
                inflater.setInput(gz, off + 10, gz.length - off - 10);
                long size = 0;
                while (!inflater.finished()) {
                    int n = inflater.inflate(sink);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary()))
                        throw new IllegalArgumentException("gzip member at " + off + " is truncated");
                    size += n;
                }
                sizes.add(size);
                off = gz.length - inflater.getRemaining() + 8;
            } catch (DataFormatException e) {
                throw new IllegalArgumentException("gzip member at " + off + ": " + e.getMessage(), e);
            } finally {
                inflater.end();
            }
        }
        return sizes;
    }
}
