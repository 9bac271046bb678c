package dev.stowage.registryserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.blob.BlobRef;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which Accept headers read an index; RegistryMultiArchTest pulls with real clients. */
class AcceptNegotiationTest {
    private static final List<String> MANIFEST_ONLY = List.of(MediaTypes.OCI_MANIFEST);
    @TempDir Path tmp;

    private static Descriptor put(FileSystemBlobStore store, String mediaType, Object document) throws IOException {
        BlobRef ref = store.put(Json.canonicalBytes(document));
        return Descriptor.of(mediaType, ref.digest(), ref.size());
    }

    private static Descriptor manifest(FileSystemBlobStore store, String platform) throws IOException {
        Descriptor config = put(store, MediaTypes.OCI_CONFIG, Map.of("architecture", platform));
        return put(store, MediaTypes.OCI_MANIFEST, ImageManifest.oci(config, List.of(), Map.of())).withPlatform(Platform.parse(platform));
    }

    @Test
    void aClientThatReadsNoIndexGetsTheLinuxAmd64ManifestOfAnyVariant() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("store"));
        Descriptor arm = manifest(store, "linux/arm64/v8");
        Descriptor amd = manifest(store, "linux/amd64/v3");
        StoredManifest both = StoredManifest.read(store, put(store, MediaTypes.OCI_INDEX, ImageIndex.oci(List.of(arm, amd), Map.of())).digest())
                .orElseThrow();
        StoredManifest armOnly = StoredManifest.read(store, put(store, MediaTypes.OCI_INDEX, ImageIndex.oci(List.of(arm), Map.of())).digest())
                .orElseThrow();

        assertThat(AcceptNegotiation.choose(store, both, MANIFEST_ONLY).digest()).isEqualTo(amd.digest());
        assertThat(AcceptNegotiation.choose(store, both, List.of()).digest()).isEqualTo(both.digest());
        assertThat(AcceptNegotiation.choose(store, armOnly, MANIFEST_ONLY).digest()).isEqualTo(armOnly.digest());
    }

    @Test
    void anIndexTypeOrAWildcardInAnyAcceptHeaderReadsAnIndex() {
        assertThat(AcceptNegotiation.acceptsIndex(List.of())).isTrue();
        assertThat(AcceptNegotiation.acceptsIndex(List.of("application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json"))).isTrue();
        assertThat(AcceptNegotiation.acceptsIndex(List.of("application/vnd.docker.distribution.manifest.list.v2+json;q=0.5"))).isTrue();
        assertThat(AcceptNegotiation.acceptsIndex(List.of("*/*"))).isTrue();
        assertThat(AcceptNegotiation.acceptsIndex(List.of("application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json"))).isTrue();
        assertThat(AcceptNegotiation.acceptsIndex(List.of("application/vnd.docker.distribution.manifest.v2+json"))).isFalse();
    }
}
