package dev.stowage.spec.dockertools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.MediaTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dockerTools customisation layer goes into the blob store byte for byte, verified against its checksum file. */
class CustomisationTarTest {
    @TempDir Path tmp;

    private Path layer(String name, byte[] tar, String checksum) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.write(dir.resolve("layer.tar"), tar);
        Files.writeString(dir.resolve("checksum"), checksum + "\n");
        return dir;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void theTarIsStoredAsItIsUnderItsChecksum() throws Exception {
        byte[] tar = new byte[3 * 512];
        tar[0] = 'x';
        try (FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"))) {
            Descriptor d = CustomisationTar.store(layer("good", tar, sha256(tar)), store);
            assertThat(d.digest().toString()).isEqualTo("sha256:" + sha256(tar));
            assertThat(d.size()).isEqualTo(tar.length);
            assertThat(d.mediaType()).isEqualTo(MediaTypes.OCI_LAYER_TAR);
            try (var in = store.open(d.digest())) {
                assertThat(in.readAllBytes()).isEqualTo(tar);
            }
        }
    }

    @Test
    void aWrongOrMalformedChecksumOrAMissingFileIsRefusedNamingIt() throws Exception {
        byte[] tar = new byte[1024];
        try (FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"))) {
            Path wrong = layer("wrong", tar, "f".repeat(64));
            assertThatThrownBy(() -> CustomisationTar.store(wrong, store))
                    .hasMessage(wrong.resolve("checksum") + " says sha256:" + "f".repeat(64) + " but layer.tar is sha256:" + sha256(tar));
            Path malformed = layer("malformed", tar, "not-hex");
            assertThatThrownBy(() -> CustomisationTar.store(malformed, store)).hasMessage(malformed.resolve("checksum") + " is not a sha256 in hex");
            Path noSum = Files.createDirectories(tmp.resolve("no-sum"));
            Files.write(noSum.resolve("layer.tar"), tar);
            assertThatThrownBy(() -> CustomisationTar.store(noSum, store)).hasMessage(noSum.resolve("checksum") + " does not exist");
            assertThatThrownBy(() -> CustomisationTar.store(tmp.resolve("nothing"), store))
                    .hasMessageStartingWith(tmp.resolve("nothing/layer.tar") + " does not exist");
        }
    }
}
