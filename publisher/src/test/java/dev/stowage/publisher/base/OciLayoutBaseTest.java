package dev.stowage.publisher.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.error.BadInputException;
import dev.stowage.oci.Digest;
import dev.stowage.oci.InvalidDocumentException;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.spec.BaseImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A base image from an OCI layout another tool wrote: read leniently, verified all the same. */
class OciLayoutBaseTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final byte[] LAYER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0};
    private static final Digest DIFF_ID = Digest.ofBytes(new byte[] {1});

    @TempDir Path tmp;
    private Path layout;
    private FileSystemBlobStore store;

    @BeforeEach
    void setUp() throws IOException {
        layout = tmp.resolve("layout");
        Files.createDirectories(layout.resolve("blobs/sha256"));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        store = new FileSystemBlobStore(tmp.resolve("store"));
    }

    private String blob(byte[] bytes) throws IOException {
        Digest d = Digest.ofBytes(bytes);
        Files.write(layout.resolve("blobs/sha256").resolve(d.hex()), bytes);
        return "\"digest\":\"" + d + "\",\"size\":" + bytes.length;
    }

    private String blob(String json) throws IOException {
        return blob(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A Docker v2 manifest whose documents carry fields Stowage does not know; {@code sizeDelta} skews the index's size of it. */
    private String dockerImage(String config, int sizeDelta) throws IOException {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.DOCKER_CONFIG + "\"," + blob(config) + "},\"layers\":[{\"mediaType\":\"" + MediaTypes.DOCKER_LAYER_GZIP + "\","
                + blob(LAYER) + ",\"urls\":[]}],\"x-tool\":1}";
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        String entry = blob(bytes).replace("\"size\":" + bytes.length, "\"size\":" + (bytes.length + sizeDelta));
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST
                + "\"," + entry + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"1\"}}],\"x-tool\":true}");
        return manifest;
    }

    private static String config(String arch) {
        return "{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"container_config\":{},\"history\":[],"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + DIFF_ID + "\"]}}";
    }

    @Test
    void foreignDocumentsAreReadWithFieldsStowageDoesNotUseIgnored() throws IOException {
        String manifest = dockerImage(config("amd64"), 0);

        BaseImage base = new OciLayoutBase(store).read("oci:" + layout + ":1", layout + ":1", AMD64);

        assertThat(base.manifest()).isEqualTo(Digest.ofBytes(manifest.getBytes(StandardCharsets.UTF_8)));
        assertThat(base.layers()).singleElement().satisfies(l -> {
            assertThat(l.blob().mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP);
            assertThat(l.blob().digest()).isEqualTo(Digest.ofBytes(LAYER));
            assertThat(l.diffId()).isEqualTo(DIFF_ID);
        });
        assertThat(store.exists(Digest.ofBytes(LAYER))).isTrue();
    }

    @Test
    void aManifestOfAnotherSizeThanItsDescriptorIsRefused() throws IOException {
        String manifest = dockerImage(config("amd64"), 1);
        int size = manifest.getBytes(StandardCharsets.UTF_8).length;

        assertThatThrownBy(() -> new OciLayoutBase(store).read("oci:" + layout, layout.toString(), AMD64))
                .isInstanceOf(InvalidDocumentException.class).hasMessageEndingWith("has " + size + " bytes, its descriptor says " + (size + 1));
    }

    @Test
    void aConfigThatIsNotOneIsBadInputAndTheWrongPlatformIsNamed() throws IOException {
        dockerImage("{\"architecture\":7}", 0);
        assertThatThrownBy(() -> new OciLayoutBase(store).read("oci:" + layout, layout.toString(), AMD64))
                .isInstanceOf(BadInputException.class).hasMessageContaining("oci:" + layout + ": the image config is not valid: ")
                .hasMessageContaining("architecture: expected a string, got 7");

        dockerImage(config("arm64"), 0);
        assertThatThrownBy(() -> new OciLayoutBase(store).read("oci:" + layout, layout.toString(), AMD64))
                .isInstanceOf(BadInputException.class).hasMessageContaining("oci:" + layout + " is linux/arm64, not linux/amd64");
    }
}
