package dev.stowage.nix.cache;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Hand-framed NARs for cache tests: one regular file with the given contents. */
final class TestNars {
    private TestNars() {}

    static byte[] regularFile(String contents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String t : List.of("nix-archive-1", "(", "type", "regular", "contents", contents, ")")) out.writeBytes(str(t));
        return out.toByteArray();
    }

    /** A NAR string: its length as 8 little-endian bytes, the bytes, zero padding to 8. */
    private static byte[] str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 8; i++) out.write((int) ((long) b.length >>> (8 * i)) & 0xff);
        out.writeBytes(b);
        out.writeBytes(new byte[(8 - b.length % 8) % 8]);
        return out.toByteArray();
    }
}
