package dev.stowage.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredImageReaderTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final Platform ARM64 = Platform.parse("linux/arm64/v8");
    private final Map<Digest, byte[]> blobs = new HashMap<>();
    private final DocumentSource source = new DocumentSource() {
        @Override
        public byte[] fetch(Descriptor blob) throws BlobNotFoundException {
            byte[] b = blobs.get(blob.digest());
            if (b == null) throw new BlobNotFoundException(blob.digest(), describe());
            return b;
        }

        @Override
        public String describe() {
            return "the test's blobs";
        }
    };

    private Descriptor put(String mediaType, byte[] bytes) {
        Digest d = Digest.ofBytes(bytes);
        blobs.put(d, bytes);
        return Descriptor.of(mediaType, d, bytes.length);
    }

    private Descriptor put(String mediaType, String json) {
        return put(mediaType, json.getBytes(StandardCharsets.UTF_8));
    }

    private static Descriptor layer(int n) {
        return Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.ofBytes(new byte[] {(byte) n}), 100 + n);
    }

    private Descriptor image(Platform p, Descriptor... layers) {
        ImageConfig config = new ImageConfig(Instant.EPOCH, p.architecture(), p.os(), p.variant(), ContainerConfig.empty(),
                ImageConfig.RootFs.layers(List.of()), List.of());
        Descriptor c = put(MediaTypes.OCI_CONFIG, Json.canonicalBytes(config));
        return put(MediaTypes.OCI_MANIFEST, Json.canonicalBytes(ImageManifest.oci(c, List.of(layers), Map.of()))).withPlatform(p);
    }

    private Descriptor index(Descriptor... manifests) {
        return put(MediaTypes.OCI_INDEX, Json.canonicalBytes(ImageIndex.oci(List.of(manifests), Map.of())));
    }

    @Test
    void readsAnIndexItsImagesAndEveryBlobOnce() throws Exception {
        Descriptor amd = image(AMD64, layer(1), layer(2));
        Descriptor arm = image(ARM64, layer(1), layer(3));
        Descriptor index = index(amd, arm);
        StoredImageReader reader = StoredImageReader.ours(source);

        List<StoredImage> images = reader.images(index);
        assertThat(images).extracting(StoredImage::platform).containsExactly(AMD64, ARM64);
        assertThat(images.get(1).config().architecture()).isEqualTo("arm64");
        assertThat(images.get(0).manifest().layers()).containsExactly(layer(1), layer(2));
        List<Descriptor> all = reader.blobs(index);
        assertThat(all).hasSize(1 + 2 * 2 + 3).first().isEqualTo(index);
        assertThat(all).contains(layer(3)).doesNotHaveDuplicates();
        assertThat(all.get(1)).isEqualTo(Descriptor.of(amd.mediaType(), amd.digest(), amd.size()));
    }

    @Test
    void unknownFieldsFailOursAndAreIgnoredInForeignDocuments() throws Exception {
        Descriptor config = put(MediaTypes.OCI_CONFIG, "{\"architecture\":\"amd64\",\"os\":\"linux\",\"history\":[],\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"os.features\":[]}");
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":" + Json.canonicalString(config)
                + ",\"layers\":[],\"urls\":[\"x\"]}";
        Descriptor m = put(MediaTypes.OCI_MANIFEST, manifest);

        assertThatThrownBy(() -> StoredImageReader.ours(source).manifest(m)).isInstanceOf(InvalidDocumentException.class)
                .hasMessage("blob " + m.digest() + " is not a valid ImageManifest: urls: unknown field 'urls'");
        assertThat(StoredImageReader.foreign(source).image(m).config().os()).isEqualTo("linux");
    }

    @Test
    void bytesMustMatchTheirDescriptor() {
        Descriptor good = image(AMD64);
        Descriptor shorter = Descriptor.of(good.mediaType(), good.digest(), good.size() - 1);
        Digest other = Digest.ofBytes(new byte[] {9});
        blobs.put(other, blobs.get(good.digest()));
        Descriptor wrongDigest = Descriptor.of(good.mediaType(), other, good.size());
        StoredImageReader reader = StoredImageReader.foreign(source);

        assertThatThrownBy(() -> reader.manifest(shorter)).isInstanceOf(InvalidDocumentException.class)
                .hasMessage("blob " + good.digest() + " in the test's blobs has " + good.size() + " bytes, its descriptor says " + (good.size() - 1));
        assertThatThrownBy(() -> reader.manifest(wrongDigest)).isInstanceOf(InvalidDocumentException.class)
                .hasMessage("blob " + other + " in the test's blobs has digest " + good.digest());
        assertThatThrownBy(() -> reader.manifest(Descriptor.of(good.mediaType(), Digest.ofBytes(new byte[] {7}), 1)))
                .isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void descriptorsInsideAreValidated() {
        String bad = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"sha256:ABC\",\"size\":1}]}";
        String negative = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\""
                + Digest.ofBytes(new byte[0]) + "\",\"size\":-1}]}";
        String noConfig = "{\"schemaVersion\":2,\"layers\":[]}";
        Descriptor badDigest = put(MediaTypes.OCI_INDEX, bad);
        Descriptor badSize = put(MediaTypes.OCI_INDEX, negative);
        Descriptor missingConfig = put(MediaTypes.DOCKER_MANIFEST, noConfig);
        StoredImageReader reader = StoredImageReader.foreign(source);

        assertThatThrownBy(() -> reader.index(badDigest)).isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("is not a valid ImageIndex: manifests[0].digest").hasMessageContaining("64 lowercase hex");
        assertThatThrownBy(() -> reader.index(badSize)).isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("descriptor size must be >= 0, got -1");
        assertThatThrownBy(() -> reader.manifest(missingConfig)).isInstanceOf(InvalidDocumentException.class)
                .hasMessageEndingWith("is not a valid ImageManifest: config: missing");
        assertThatThrownBy(() -> reader.layoutIndex("{\"manifests\":[".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidDocumentException.class).hasMessageStartingWith("the layout index is not a valid ImageIndex: ");
    }

    @Test
    void dockerMediaTypesAreForeignOnly() throws Exception {
        Descriptor config = put(MediaTypes.DOCKER_CONFIG, "{\"architecture\":\"amd64\",\"os\":\"linux\",\"history\":[],\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
        Descriptor manifest = put(MediaTypes.DOCKER_MANIFEST, "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST
                + "\",\"config\":" + Json.canonicalString(config) + ",\"layers\":[{\"mediaType\":\"" + MediaTypes.DOCKER_LAYER_GZIP
                + "\",\"digest\":\"" + layer(1).digest() + "\",\"size\":3}]}");
        Descriptor list = put(MediaTypes.DOCKER_MANIFEST_LIST, "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST_LIST
                + "\",\"manifests\":[" + Json.canonicalString(manifest.withPlatform(AMD64)) + "]}");

        List<StoredImage> images = StoredImageReader.foreign(source).images(list);
        assertThat(images).singleElement().satisfies(i -> {
            assertThat(i.platform()).isEqualTo(AMD64);
            assertThat(i.manifest().layers().get(0).mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
        });
        assertThatThrownBy(() -> StoredImageReader.ours(source).index(list)).isInstanceOf(InvalidDocumentException.class)
                .hasMessage("blob " + list.digest() + " has media type " + MediaTypes.DOCKER_MANIFEST_LIST + ", expected " + MediaTypes.OCI_INDEX);
        assertThatThrownBy(() -> StoredImageReader.foreign(source).manifest(list)).isInstanceOf(InvalidDocumentException.class)
                .hasMessage("blob " + list.digest() + " has media type " + MediaTypes.DOCKER_MANIFEST_LIST + ", expected "
                        + MediaTypes.OCI_MANIFEST + " or " + MediaTypes.DOCKER_MANIFEST);
    }

    @Test
    void aDocumentMustBeWhatItsDescriptorSays() {
        Descriptor manifest = image(AMD64);
        Descriptor asDocker = Descriptor.of(MediaTypes.DOCKER_MANIFEST, manifest.digest(), manifest.size());

        assertThatThrownBy(() -> StoredImageReader.foreign(source).manifest(asDocker)).isInstanceOf(InvalidDocumentException.class)
                .hasMessage("blob " + manifest.digest() + " says it is " + MediaTypes.OCI_MANIFEST + ", its descriptor says " + MediaTypes.DOCKER_MANIFEST);
    }

    @Test
    void aNestedIndexIsWalkedForItsBlobsButIsNotAnImage() throws Exception {
        Descriptor amd = image(AMD64, layer(1));
        Descriptor inner = index(amd);
        Descriptor outer = index(inner, image(ARM64, layer(2)));
        StoredImageReader reader = StoredImageReader.ours(source);

        assertThat(reader.blobs(outer)).contains(Descriptor.of(inner.mediaType(), inner.digest(), inner.size()), layer(1), layer(2));
        assertThatThrownBy(() -> reader.images(outer)).isInstanceOf(InvalidDocumentException.class)
                .hasMessage("blob " + inner.digest() + " has media type " + MediaTypes.OCI_INDEX + ", expected " + MediaTypes.OCI_MANIFEST);
    }

    @Test
    void anIndexEntryIsChosenByPlatformVariantOnlyWhenBothHaveOne() throws Exception {
        Descriptor amd = image(AMD64);
        Descriptor arm = image(ARM64);
        ImageIndex index = StoredImageReader.ours(source).index(index(amd, arm));

        assertThat(index.manifestFor(Platform.parse("linux/arm64"))).contains(arm);
        assertThat(index.manifestFor(Platform.parse("linux/amd64/v3"))).contains(amd);
        assertThat(index.manifestFor(Platform.parse("linux/arm64/v7"))).isEmpty();
        assertThat(index.manifestFor(Platform.parse("linux/riscv64"))).isEmpty();
    }

    @Test
    void findManifestIsEmptyForAnIndexOrAManifestTheSourceLacks() throws Exception {
        Descriptor amd = image(AMD64);
        Descriptor index = index(amd);
        StoredImageReader reader = StoredImageReader.foreign(source);

        assertThat(reader.findManifest(amd)).isPresent();
        assertThat(reader.findManifest(index)).isEmpty();
        assertThat(reader.findManifest(Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.ofBytes(new byte[] {7}), 1))).isEmpty();
    }

    @Test
    void aSourceIsAnyFunctionFromDescriptorToBytes() {
        Descriptor amd = image(AMD64);
        StoredImageReader reader = StoredImageReader.ours(d -> blobs.get(d.digest()));

        assertThatThrownBy(() -> reader.manifest(Descriptor.of(amd.mediaType(), amd.digest(), 1))).isInstanceOf(InvalidDocumentException.class)
                .hasMessage("blob " + amd.digest() + " in the document source has " + amd.size() + " bytes, its descriptor says 1");
    }
}
