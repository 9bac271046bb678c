package dev.stowage.publisher.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class DeterministicTarTest {
    static byte[] sample() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeterministicTar tar = new DeterministicTar(out)) {
            tar.directory("abc");
            tar.file("abc/layer.tar", 3, new ByteArrayInputStream("xyz".getBytes()));
            tar.file("manifest.json", "[]".getBytes());
        }
        return out.toByteArray();
    }

    @Test
    void entriesHaveFixedOwnerTimeAndModeInWrittenOrder() throws IOException {
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(sample()))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) entries.add(e);
        }
        assertThat(entries).extracting(TarArchiveEntry::getName).containsExactly("abc/", "abc/layer.tar", "manifest.json");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.getModTime().getTime()).isZero();
            assertThat(e.getLongUserId()).isZero();
            assertThat(e.getLongGroupId()).isZero();
            assertThat(e.getUserName()).isEmpty();
            assertThat(e.getGroupName()).isEmpty();
        });
        assertThat(entries.get(0).getMode()).isEqualTo(040755);
        assertThat(entries.get(1).getMode()).isEqualTo(0100644);
        assertThat(sample()).isEqualTo(sample());
    }

    @Test
    void aStreamShorterOrLongerThanTheDeclaredSizeFails() {
        assertThatThrownBy(() -> {
            try (DeterministicTar tar = new DeterministicTar(new ByteArrayOutputStream())) {
                tar.file("short", 5, new ByteArrayInputStream("xyz".getBytes()));
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("short: stream ended after 3 bytes, expected 5");
        assertThatThrownBy(() -> {
            try (DeterministicTar tar = new DeterministicTar(new ByteArrayOutputStream())) {
                tar.file("long", 2, new ByteArrayInputStream("xyz".getBytes()));
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("long: stream has more than the expected 2 bytes");
    }

    /** Pins a docker archive's tar bytes (taken before the headers moved to core's TarHeaders: unchanged). */
    @Test
    void theBytesArePinned() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeterministicTar tar = new DeterministicTar(out)) {
            tar.directory("abc");
            tar.symlink("abc/l", "../x");
            tar.file("abc/layer.tar", 3, new ByteArrayInputStream("xyz".getBytes()));
            tar.file("blobs/sha256/" + "a".repeat(64), "[]".getBytes());
        }
        assertThat(Digest.ofBytes(out.toByteArray())).hasToString("sha256:f2d2a3e871fcc2b45fcb8f7fe527d24c893513595d74986eb7006b68cbded91d");
    }
}
