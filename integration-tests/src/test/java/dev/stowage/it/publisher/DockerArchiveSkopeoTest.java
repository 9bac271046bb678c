package dev.stowage.it.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.blob.DigestMismatchException;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.it.harness.FileTrees;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.TestImages;
import dev.stowage.it.harness.Tools;
import dev.stowage.json.Json;
import dev.stowage.oci.DocumentSource;
import dev.stowage.oci.Platform;
import dev.stowage.oci.StoredImageReader;
import dev.stowage.publisher.output.ArchiveImage;
import dev.stowage.publisher.output.DockerArchiveWriter;
import dev.stowage.spec.Compression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DockerArchiveWriter} output loaded by the real skopeo (the docker-archive transport) and unpacked by umoci. */
class DockerArchiveSkopeoTest {
    static final String NAME = "registry.example:5000/team/app";

    @TempDir Path tmp;
    FileSystemBlobStore store;
    TestImages images;
    DockerArchiveWriter writer;
    StoredImageReader reader;

    @BeforeEach
    void setUp() throws Exception {
        store = new FileSystemBlobStore(tmp.resolve("store"));
        images = new TestImages(store);
        writer = new DockerArchiveWriter(store);
        reader = StoredImageReader.ours(DocumentSource.of(store));
    }

    @Test
    void skopeoLoadsTheArchiveWithTheConfigsDiffIds() throws Exception {
        TestImages.Image image = images.threeLayers("v1", "a", Compression.ZSTD, TestImages.AMD64);
        Path archive = tmp.resolve("out/app.tar");
        writer.write(archive, List.of(archiveImage(image, TestImages.AMD64, NAME + ":v1")), image.uncompressedSizes());

        List<String> diffIds = image.layers().stream().map(l -> l.diffId().toString()).toList();
        JsonNode config = Skopeo.inspect("inspect", "--config", "docker-archive:" + archive);
        assertThat(Skopeo.texts(config.at("/rootfs/diff_ids"))).containsExactlyElementsOf(diffIds);
        JsonNode named = Skopeo.inspect("inspect", "docker-archive:" + archive + ":" + NAME + ":v1");
        assertThat(named.get("Architecture").asText()).isEqualTo("amd64");
        JsonNode manifest = Json.reader().readTree(Tools.run("tar", "-xOf", archive.toString(), "manifest.json"));
        assertThat(Skopeo.texts(manifest.at("/0/RepoTags"))).containsExactly(NAME + ":v1");
        assertThat(Skopeo.texts(manifest.at("/0/Layers"))).containsExactlyElementsOf(
                image.layers().stream().map(l -> l.diffId().hex() + "/layer.tar").toList());

        Path oci = tmp.resolve("oci");
        Tools.run("skopeo", "copy", "docker-archive:" + archive, "oci:" + oci + ":v1");
        JsonNode copied = Skopeo.inspect("inspect", "--config", "oci:" + oci + ":v1");
        assertThat(Skopeo.texts(copied.at("/rootfs/diff_ids"))).containsExactlyElementsOf(diffIds);
        Path bundle = tmp.resolve("bundle");
        Tools.run("umoci", "unpack", "--image", oci + ":v1", bundle.toString());
        image.assertUnpackedIn(bundle.resolve("rootfs"));
        assertThat(image.files()).hasSize(6);

        String listing = Tools.run("tar", "-tvf", archive.toString(), "--numeric-owner");
        assertThat(listing.lines()).allSatisfy(l -> assertThat(l).contains(" 0/0 ").contains("1970-01-01"));
        assertThat(listing.lines().filter(l -> l.endsWith("/layer.tar"))).hasSize(3);
    }

    @Test
    void isDeterministicWithAndWithoutKnownSizes() throws Exception {
        TestImages.Image image = images.threeLayers("v1", "a", Compression.GZIP, TestImages.AMD64);
        List<ArchiveImage> one = List.of(archiveImage(image, TestImages.AMD64, NAME + ":v1"));
        Path known = tmp.resolve("known.tar");
        Path counted = tmp.resolve("counted.tar");
        writer.write(known, one, image.uncompressedSizes());
        byte[] first = Files.readAllBytes(known);
        writer.write(known, one, image.uncompressedSizes());
        writer.write(counted, one, Map.of());

        assertThat(Files.readAllBytes(known)).isEqualTo(first);
        assertThat(Files.readAllBytes(counted)).isEqualTo(first);
        assertThat(FileTrees.names(tmp)).containsExactly("counted.tar", "known.tar", "store");
    }

    @Test
    void twoImagesInOneArchiveShareTheirCommonLayers() throws Exception {
        TestImages.Image v1 = images.threeLayers("v1", "a", Compression.GZIP, TestImages.AMD64);
        TestImages.Image v2 = images.threeLayers("v2", "b", Compression.NONE, TestImages.AMD64);
        Path archive = tmp.resolve("both.tar");
        writer.write(archive, List.of(
                archiveImage(v1, TestImages.AMD64, NAME + ":v1"),
                archiveImage(v2, TestImages.AMD64, "other/app:v2", "other/app:latest")), Map.of());

        for (var c : List.of(Map.entry(NAME + ":v1", v1), Map.entry("other/app:v2", v2), Map.entry("other/app:latest", v2))) {
            JsonNode config = Skopeo.inspect("inspect", "--config", "docker-archive:" + archive + ":" + c.getKey());
            assertThat(Skopeo.texts(config.at("/rootfs/diff_ids")))
                    .containsExactlyElementsOf(c.getValue().layers().stream().map(l -> l.diffId().toString()).toList());
        }
        long distinct = Stream.concat(v1.layers().stream(), v2.layers().stream()).map(TestImages.Layer::diffId).distinct().count();
        assertThat(distinct).isEqualTo(5);
        assertThat(Tools.run("tar", "-tf", archive.toString()).lines().filter(l -> l.endsWith("/layer.tar"))).hasSize(5);
    }

    @Test
    void aLayerNotMatchingItsDiffIdFailsAndLeavesNoFile() throws Exception {
        TestImages.Layer a = images.layer(Compression.GZIP, Map.of("a", "a"));
        TestImages.Layer b = images.layer(Compression.GZIP, Map.of("b", "b"));
        TestImages.Layer lying = new TestImages.Layer(a.blob(), b.diffId(), a.uncompressedSize(), a.files());
        TestImages.Image image = images.image("bad", List.of(lying), TestImages.AMD64);
        Path archive = tmp.resolve("out/bad.tar");

        assertThatThrownBy(() -> writer.write(archive, List.of(archiveImage(image, TestImages.AMD64, "bad:1")), Map.of()))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining(b.diffId().toString()).hasMessageContaining(a.diffId().toString());
        assertThat(FileTrees.names(archive.getParent())).isEmpty();
    }

    private ArchiveImage archiveImage(TestImages.Image image, Platform platform, String... tags) throws Exception {
        return new ArchiveImage(reader.image(image.manifests().get(platform)), List.of(tags));
    }

}
