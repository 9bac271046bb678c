package dev.stowage.spec.dockertools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.spec.FileSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The customisation layer of a streamLayeredImage conf read into entries: modes and owners kept, bad layers refused. */
class CustomisationTarTest {
    @TempDir Path tmp;

    private interface Body {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private Path layer(String name, Body body, boolean goodChecksum) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (OutputStream out = Files.newOutputStream(dir.resolve("layer.tar")); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            body.write(tar);
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve("layer.tar"))));
        Files.writeString(dir.resolve("checksum"), (goodChecksum ? sha : "f".repeat(64)) + "\n");
        return dir;
    }

    private static void add(TarArchiveOutputStream tar, String name, byte type, int mode, int uid, String content, String link) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setMode(mode);
        e.setIds(uid, uid);
        if (link != null) e.setLinkName(link);
        byte[] bytes = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
        if (type == TarConstants.LF_NORMAL) e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    @Test
    void entriesKeepTheirModesOwnersTargetsAndBytes() throws Exception {
        Path dir = layer("good", tar -> {
            add(tar, "./", TarConstants.LF_DIR, 0755, 0, null, null);
            add(tar, "./bin/", TarConstants.LF_DIR, 0755, 0, null, null);
            add(tar, "./bin/su", TarConstants.LF_NORMAL, 04755, 0, "#!su", null);
            add(tar, "./bin/sh", TarConstants.LF_SYMLINK, 0777, 0, null, "/nix/store/00000000000000000000000000000000-busybox/bin/sh");
            add(tar, "./home/app/", TarConstants.LF_DIR, 0700, 1000, null, null);
            add(tar, "./tmp/", TarConstants.LF_DIR, 01777, 0, null, null);
        }, true);
        List<FileSpec> entries = CustomisationTar.read(dir);
        assertThat(entries).extracting(FileSpec::path).containsExactly("/bin", "/bin/su", "/bin/sh", "/home/app", "/tmp");
        assertThat(entries.get(1).modeBits()).isEqualTo(04755);
        assertThat(new String(entries.get(1).bytes(), StandardCharsets.UTF_8)).isEqualTo("#!su");
        assertThat(entries.get(2).type()).isEqualTo(FileSpec.Type.SYMLINK);
        assertThat(entries.get(2).target()).endsWith("-busybox/bin/sh");
        assertThat(entries.get(3).uid()).isEqualTo(1000);
        assertThat(entries.get(3).modeBits()).isEqualTo(0700);
        assertThat(entries.get(4).modeBits()).isEqualTo(01777);
    }

    @Test
    void hardLinksAndDevicesAreRefusedNamingTheEntry() throws Exception {
        Path link = layer("hardlink", tar -> {
            add(tar, "./a", TarConstants.LF_NORMAL, 0644, 0, "x", null);
            add(tar, "./b", TarConstants.LF_LINK, 0644, 0, null, "./a");
        }, true);
        assertThatThrownBy(() -> CustomisationTar.read(link)).hasMessage("layer.tar entry ./b is a hard link (Stowage writes files, directories and symlinks only)");
        Path device = layer("device", tar -> add(tar, "./dev/null", TarConstants.LF_CHR, 0666, 0, null, null), true);
        assertThatThrownBy(() -> CustomisationTar.read(device)).hasMessageStartingWith("layer.tar entry ./dev/null is neither a file");
    }

    @Test
    void aChecksumThatDoesNotMatchOrAMissingTarIsRefused() throws Exception {
        Path dir = layer("bad-sum", tar -> add(tar, "./a", TarConstants.LF_NORMAL, 0644, 0, "x", null), false);
        assertThatThrownBy(() -> CustomisationTar.read(dir)).hasMessageStartingWith(dir.resolve("checksum") + " says sha256:" + "f".repeat(64));
        assertThatThrownBy(() -> CustomisationTar.read(tmp.resolve("nothing"))).hasMessageStartingWith(tmp.resolve("nothing/layer.tar") + " does not exist");
    }
}
