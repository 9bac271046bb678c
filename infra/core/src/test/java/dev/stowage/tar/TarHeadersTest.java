package dev.stowage.tar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class TarHeadersTest {
    private static final String LONG = "d/" + "n".repeat(120);

    private static byte[] sample(String rootName) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarHeaders headers = new TarHeaders(Instant.ofEpochSecond(7), rootName);
        try (TarArchiveOutputStream tar = TarHeaders.open(out)) {
            headers.directory(tar, "d", 0755, 0, 0);
            headers.file(tar, LONG, 0644, 1000, 100, 2);
            tar.write("hi".getBytes(StandardCharsets.UTF_8));
            tar.closeArchiveEntry();
            headers.symlink(tar, "d/link", "x".repeat(150), 0777, 0, 0);
        }
        return out.toByteArray();
    }

    /** The raw 512-byte header blocks, in order (data blocks skipped by the sizes they declare). */
    private static List<byte[]> headerBlocks(byte[] tar) {
        List<byte[]> blocks = new ArrayList<>();
        int at = 0;
        while (at + 512 <= tar.length && tar[at] != 0) {
            byte[] h = Arrays.copyOfRange(tar, at, at + 512);
            blocks.add(h);
            long size = Long.parseLong(field(h, 124, 12).trim(), 8);
            at += 512 + (int) ((size + 511) / 512 * 512);
        }
        return blocks;
    }

    private static String field(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) end++;
        return new String(h, offset, end - offset, StandardCharsets.UTF_8);
    }

    @Test
    void longNamesAndLinksGetPaxHeadersWrittenHereWithTheGivenOwnerAndTime() throws IOException {
        String saved = System.getProperty("user.name");
        System.setProperty("user.name", "someone-else");
        try {
            List<byte[]> blocks = headerBlocks(sample("root"));
            assertThat(blocks).extracting(h -> (char) h[156]).containsExactly('5', 'x', '0', 'x', '2');
            assertThat(field(blocks.get(1), 0, 100)).isEqualTo(("PaxHeaders/" + LONG).substring(0, 99));
            for (byte[] h : List.of(blocks.get(0), blocks.get(1), blocks.get(3), blocks.get(4))) {
                assertThat(field(h, 265, 32)).isEqualTo("root");
                assertThat(field(h, 297, 32)).isEqualTo("root");
                assertThat(Long.parseLong(field(h, 108, 8).trim(), 8)).isZero();
            }
            assertThat(blocks).allSatisfy(h -> assertThat(Long.parseLong(field(h, 136, 12).trim(), 8)).isEqualTo(7));
            // a non-zero owner keeps its ids and has no names
            assertThat(Long.parseLong(field(blocks.get(2), 108, 8).trim(), 8)).isEqualTo(1000);
            assertThat(field(blocks.get(2), 265, 32)).isEmpty();
        } finally {
            System.setProperty("user.name", saved);
        }
    }

    @Test
    void readersSeeTheFullNamesAndTheBytesDependOnlyOnTheInputs() throws IOException {
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(sample("")))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) entries.add(e);
        }
        assertThat(entries).extracting(TarArchiveEntry::getName).containsExactly("d/", LONG, "d/link");
        assertThat(entries.get(2).getLinkName()).isEqualTo("x".repeat(150));
        assertThat(entries.get(0).getUserName()).isEmpty();
        assertThat(sample("")).isEqualTo(sample("")).isNotEqualTo(sample("root"));
    }

    @Test
    void paxRecordLengthCountsItself() {
        assertThat(TarHeaders.PaxRecord.format("path", "a")).isEqualTo("9 path=a\n");
        String v = "x".repeat(95);
        String rec = TarHeaders.PaxRecord.format("path", v);
        assertThat(rec.getBytes(StandardCharsets.UTF_8).length).isEqualTo(Integer.parseInt(rec.substring(0, rec.indexOf(' '))));
    }
}
