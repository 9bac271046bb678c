package dev.stowage.it.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.it.harness.FileTrees;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.TestImages;
import dev.stowage.it.harness.Tools;
import dev.stowage.json.Json;
import dev.stowage.oci.Annotations;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageIndex;
import dev.stowage.publisher.output.OciLayoutWriter;
import dev.stowage.spec.Compression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OciLayoutWriter} output read by the real skopeo and umoci. */
class OciLayoutSkopeoTest {
    @TempDir Path tmp;
    FileSystemBlobStore store;
    TestImages images;
    OciLayoutWriter writer;

    @BeforeEach
    void setUp() throws Exception {
        store = new FileSystemBlobStore(tmp.resolve("store"));
        images = new TestImages(store);
        writer = new OciLayoutWriter(store);
    }

    @Test
    void skopeoInspectsAndCopiesTheLayoutUmociUnpacksItAndASkopeoLayoutTakesOurImage() throws Exception {
        TestImages.Image image = images.threeLayers("v1", "a", Compression.GZIP, TestImages.AMD64);
        Path layout = tmp.resolve("out/layout");
        writer.write(layout, image.index(), "v1");

        assertThat(Skopeo.rawDigest("oci:" + layout + ":v1")).isEqualTo(image.index().digest());
        // skopeo 1.9 reports the digest of what the reference names (the index) and the layers of the host's platform
        JsonNode inspect = Skopeo.inspect("inspect", "oci:" + layout + ":v1");
        assertThat(inspect.get("Digest").asText()).isEqualTo(image.index().digest().toString());
        assertThat(Skopeo.texts(inspect.get("Layers")))
                .containsExactlyElementsOf(image.layers().stream().map(l -> l.blob().digest().toString()).toList());
        assertThat(Files.readString(layout.resolve("oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");

        Path copy = tmp.resolve("copy");
        Tools.run("skopeo", "copy", "oci:" + layout + ":v1", "oci:" + copy + ":v1");
        Path bundle = tmp.resolve("bundle");
        Tools.run("umoci", "unpack", "--image", copy + ":v1", bundle.toString());
        image.assertUnpackedIn(bundle.resolve("rootfs"));
        assertThat(image.files()).hasSize(6);

        Digest skopeoManifest = Skopeo.rawDigest("oci:" + copy + ":v1");
        writer.write(copy, image.index(), "ours");
        assertThat(Skopeo.rawDigest("oci:" + copy + ":ours")).isEqualTo(image.index().digest());
        assertThat(Skopeo.rawDigest("oci:" + copy + ":v1")).isEqualTo(skopeoManifest);
    }

    /** On the store's filesystem a layout links the store's files (no bytes copied); elsewhere it copies them. */
    @Test
    void aLayoutLinksTheStoresFilesOnItsFilesystemAndCopiesThemElsewhere() throws Exception {
        TestImages.Image image = images.threeLayers("linked", "c", Compression.GZIP, TestImages.AMD64);
        Path near = tmp.resolve("near");
        writer.write(near, image.index(), "v1");
        Path elsewhere = Files.createTempDirectory(Path.of("/dev/shm"), "stowage-layout-");
        try {
            writer.write(elsewhere.resolve("layout"), image.index(), "v1");
            for (TestImages.Layer l : image.layers()) {
                Path blob = near.resolve("blobs/sha256").resolve(l.blob().digest().hex());
                assertThat(Files.isSameFile(blob, store.pathOf(l.blob().digest()))).isTrue();
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(blob))).isEqualTo("r--r--r--");
                Path copied = elsewhere.resolve("layout/blobs/sha256").resolve(l.blob().digest().hex());
                assertThat(Files.isSameFile(copied, store.pathOf(l.blob().digest()))).isFalse();
                assertThat(Digest.ofBytes(Files.readAllBytes(copied))).isEqualTo(l.blob().digest());
            }
            assertThat(Skopeo.rawDigest("oci:" + near + ":v1")).isEqualTo(image.index().digest());
            assertThat(Skopeo.rawDigest("oci:" + elsewhere.resolve("layout") + ":v1")).isEqualTo(image.index().digest());
        } finally {
            FileTrees.deleteRecursively(elsewhere);
        }
    }

    @Test
    void twoPlatformsWithAZstdLayerKeepTheIndexDigest() throws Exception {
        TestImages.Image image = images.threeLayers("multi", "b", Compression.ZSTD, TestImages.AMD64, TestImages.ARM64);
        Path layout = tmp.resolve("layout");
        writer.write(layout, image.index(), "multi");

        assertThat(Skopeo.rawDigest("oci:" + layout + ":multi")).isEqualTo(image.index().digest());
        JsonNode arm = Skopeo.inspect("--override-arch", "arm64", "inspect", "oci:" + layout + ":multi");
        assertThat(arm.get("Digest").asText()).isEqualTo(image.index().digest().toString());
        assertThat(arm.get("Architecture").asText()).isEqualTo("arm64");
        assertThat(Skopeo.texts(arm.get("Layers")))
                .containsExactlyElementsOf(image.layers().stream().map(l -> l.blob().digest().toString()).toList());
        Path armCopy = tmp.resolve("arm");
        Tools.run("skopeo", "--override-arch", "arm64", "copy", "oci:" + layout + ":multi", "oci:" + armCopy + ":arm");
        assertThat(Skopeo.rawDigest("oci:" + armCopy + ":arm")).isEqualTo(image.manifests().get(TestImages.ARM64).digest());
        ImageIndex written = Json.read(Files.readAllBytes(layout.resolve("index.json")), ImageIndex.class);
        assertThat(written.manifests()).singleElement().satisfies(d -> {
            assertThat(d.digest()).isEqualTo(image.index().digest());
            assertThat(d.annotations()).containsEntry(Annotations.REF_NAME, "multi");
        });
    }

    @Test
    void writingTwiceChangesNothingAndOtherTagsAreKept() throws Exception {
        TestImages.Image v1 = images.threeLayers("v1", "a", Compression.GZIP, TestImages.AMD64);
        TestImages.Image v2 = images.threeLayers("v2", "b", Compression.ZSTD, TestImages.AMD64);
        Path layout = tmp.resolve("layout");
        writer.write(layout, v1.index(), "v1");
        writer.write(layout, v2.index(), "v2");
        Map<String, String> before = FileTrees.snapshot(layout);

        writer.write(layout, v1.index(), "v1");
        writer.write(layout, v2.index(), "v2");
        assertThat(FileTrees.snapshot(layout)).isEqualTo(before);

        TestImages.Image v1b = images.threeLayers("v1", "c", Compression.GZIP, TestImages.AMD64);
        writer.write(layout, v1b.index(), "v1");
        ImageIndex index = Json.read(Files.readAllBytes(layout.resolve("index.json")), ImageIndex.class);
        assertThat(index.manifests()).extracting(d -> d.annotations().get(Annotations.REF_NAME)).containsExactly("v1", "v2");
        assertThat(index.manifests().get(0).digest()).isEqualTo(v1b.index().digest());
        assertThat(Skopeo.rawDigest("oci:" + layout + ":v1")).isEqualTo(v1b.index().digest());
        assertThat(Skopeo.rawDigest("oci:" + layout + ":v2")).isEqualTo(v2.index().digest());
    }

    @Test
    void aMissingBlobFailsClearlyAndLeavesNoPartialOutput() throws Exception {
        TestImages.Image ok = images.threeLayers("ok", "a", Compression.GZIP, TestImages.AMD64);
        TestImages.Image broken = images.threeLayers("broken", "z", Compression.GZIP, TestImages.AMD64);
        Digest missing = broken.layers().get(2).blob().digest();
        Files.delete(store.pathOf(missing));

        Path out = tmp.resolve("out");
        Path fresh = out.resolve("fresh");
        assertThatThrownBy(() -> writer.write(fresh, broken.index(), "broken"))
                .isInstanceOf(BlobNotFoundException.class).hasMessageContaining(missing.toString());
        assertThat(FileTrees.names(out)).isEmpty();

        Path existing = out.resolve("existing");
        writer.write(existing, ok.index(), "ok");
        Map<String, String> before = FileTrees.snapshot(existing);
        assertThatThrownBy(() -> writer.write(existing, broken.index(), "broken")).isInstanceOf(BlobNotFoundException.class);
        assertThat(FileTrees.snapshot(existing)).isEqualTo(before);
        assertThat(FileTrees.names(out)).containsExactly("existing");
    }

}
