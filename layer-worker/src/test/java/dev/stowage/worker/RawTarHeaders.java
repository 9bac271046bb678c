package dev.stowage.worker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads every 512-byte header block of a tar, including PAX header blocks that tar readers hide. */
final class RawTarHeaders {
    record Header(String name, char type, String uid, String gid, String uname, String gname, String mtime, String mode) {}

    private RawTarHeaders() {}

    static List<Header> read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        List<Header> headers = new ArrayList<>();
        int pos = 0;
        while (pos + 512 <= all.length) {
            if (all[pos] == 0) break;
            Header h = new Header(field(all, pos, 100), (char) all[pos + 156], field(all, pos + 108, 8), field(all, pos + 116, 8),
                    field(all, pos + 265, 32), field(all, pos + 297, 32), field(all, pos + 136, 12), field(all, pos + 100, 8));
            headers.add(h);
            long size = Long.parseLong(field(all, pos + 124, 12).trim(), 8);
            pos += 512 + (int) ((size + 511) / 512 * 512);
        }
        return headers;
    }

    private static String field(byte[] b, int off, int len) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = off; i < off + len && b[i] != 0; i++) out.write(b[i]);
        return out.toString(StandardCharsets.UTF_8).trim();
    }
}
