package dev.stowage.spec.dockertools;

import dev.stowage.blob.BlobRef;
import dev.stowage.blob.BlobStore;
import dev.stowage.blob.BlobWriter;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * dockerTools' customisation layer — a directory holding {@code layer.tar} and {@code checksum}
 * (its sha256, hex) — put into the blob store as it is, as {@code stream_layered_image.py} copies
 * it into the image: the layer's diffID is the checksum. The checksum must match the tar.
 */
public final class CustomisationTar {
    /** Why the layer cannot be used: a message naming the file. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private CustomisationTar() {}

    /** Streams {@code dir/layer.tar} into {@code store}, verified against {@code dir/checksum}. */
    public static Descriptor store(Path dir, BlobStore store) throws Invalid {
        Path tar = dir.resolve("layer.tar");
        Path checksumFile = dir.resolve("checksum");
        if (!Files.isRegularFile(tar)) throw new Invalid(tar + " does not exist (a streamLayeredImage customisation layer holds layer.tar and checksum)");
        if (!Files.isRegularFile(checksumFile)) throw new Invalid(checksumFile + " does not exist");
        try {
            String expected = Files.readString(checksumFile, StandardCharsets.US_ASCII).strip();
            if (!expected.matches("[0-9a-f]{64}")) throw new Invalid(checksumFile + " is not a sha256 in hex");
            BlobRef blob;
            try (BlobWriter writer = store.writer(); InputStream in = Files.newInputStream(tar)) {
                in.transferTo(writer.stream());
                blob = writer.commit();
            }
            if (!blob.digest().hex().equals(expected)) {
                throw new Invalid(checksumFile + " says sha256:" + expected + " but layer.tar is " + blob.digest());
            }
            return Descriptor.of(MediaTypes.OCI_LAYER_TAR, blob.digest(), blob.size());
        } catch (IOException e) {
            throw new Invalid("cannot read " + tar + ": " + e.getMessage());
        }
    }
}
