package dev.stowage.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.AuditLogReader;
import dev.stowage.cli.Main;
import dev.stowage.event.LayerBuilt;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.TestVertx;
import dev.stowage.it.harness.Tools;
import dev.stowage.oci.Annotations;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageName;
import dev.stowage.publisher.registrycache.PublishedImage;
import dev.stowage.publisher.registrycache.PublishedImageReader;
import dev.stowage.publisher.registrycache.PublishedLayer;
import dev.stowage.registry.CredentialResolver;
import dev.stowage.registry.PushSettings;
import dev.stowage.registry.RegistryCaller;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry as the cache, first half (issue #14): a two-platform image built from a real Nix
 * closure and pushed by {@code stowage build --out docker://…} to the real docker-registry records
 * each built layer's cache key on its manifest descriptor and the build input digest on the
 * index; {@link PublishedImageReader}, from an empty blob store, reads back exactly the keys,
 * diffIDs and blobs the workers reported, and stops offering a layer whose blob the registry lost.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryCacheAnnotationsTest {
    @RegisterExtension final TestVertx vertx = new TestVertx();
    private static final String REPO = "stowage/cached";
    @TempDir static Path tmp;
    static Registry registry;
    static NixStore nix;
    static List<AuditEntry> audit;

    @BeforeAll
    static void setUp() throws Exception {
        registry = Registry.anonymous(tmp.resolve("registry"));
        nix = new NixStore(tmp.resolve("nix"));
        String hello = nix.buildResource("sample-closure.nix");
        nix.pathInfo(tmp.resolve("path-info.json"), hello);
        Path spec = Files.writeString(tmp.resolve("app.json"), "{\"name\":\"stowage-it/cached\",\"tag\":\"1\",\"maxLayers\":4,"
                + "\"config\":{\"Env\":[\"PATH=/bin\"]},\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"path-info.json\"},"
                + "{\"platform\":\"linux/arm64\",\"closure\":\"path-info.json\"}]}");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "build", spec.toString(), "--json",
                "--store-root", nix.root().toString(), "--blob-store", tmp.resolve("blobs").toString(),
                "--audit-log", tmp.resolve("audit.jsonl").toString(), "--out", registry.docker(REPO + ":1"));
        assertThat(exit).as(err.toString()).isZero();
        audit = AuditLogReader.read(tmp.resolve("audit.jsonl"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (registry != null) registry.close();
    }

    private static List<LayerBuilt> built() {
        return audit.stream().map(AuditEntry::event).filter(LayerBuilt.class::isInstance).map(LayerBuilt.class::cast).toList();
    }

    private static Set<PublishedLayer> expected() {
        return built().stream().map(l -> new PublishedLayer(l.cacheKey(), l.diffId(), l.blob())).collect(Collectors.toSet());
    }

    private PublishedImage readBack(String store) throws IOException {
        try (FileSystemBlobStore blobs = new FileSystemBlobStore(tmp.resolve(store));
                RegistryCaller caller = vertx.access(CredentialResolver.anonymous(), PushSettings.defaults()).open(registry.host())) {
            return new PublishedImageReader(blobs, caller).read(ImageName.parse(registry.host() + "/" + REPO + ":1")).orElseThrow();
        }
    }

    @Test
    void theRegistryRecordsEachLayersCacheKeyAndSkopeoSeesIt() {
        JsonNode index = Skopeo.inspect("inspect", "--raw", "--tls-verify=false", registry.docker(REPO + ":1"));
        assertThat(index.get("annotations").has("dev.stowage.build.input")).isFalse(); // the index is the image's, not the input's
        assertThat(index.get("manifests")).hasSize(2);
        Set<String> keys = new TreeSet<>();
        for (JsonNode entry : index.get("manifests")) {
            JsonNode manifest = Skopeo.inspect("inspect", "--raw", "--tls-verify=false",
                    registry.docker(REPO + "@" + entry.get("digest").asText()));
            for (JsonNode layer : manifest.get("layers")) keys.add(layer.get("annotations").get(Annotations.LAYER_KEY).asText());
        }
        assertThat(keys).isEqualTo(built().stream().map(l -> l.cacheKey().toString()).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void aFreshReaderGetsBackTheWorkersKeysDiffIdsAndBlobs() throws IOException {
        PublishedImage image = readBack("fresh-blobs");
        assertThat(image.top()).isEqualTo(Skopeo.rawDigest("--tls-verify=false", registry.docker(REPO + ":1")));
        assertThat(image.complete()).isTrue();
        assertThat(image.missing()).isEmpty();
        assertThat(Set.copyOf(image.layers())).isEqualTo(expected());
        // the reader fetched only the configs: no layer blob reached the fresh store
        Set<Digest> layerBlobs = built().stream().map(l -> l.blob().digest()).collect(Collectors.toSet());
        try (FileSystemBlobStore blobs = new FileSystemBlobStore(tmp.resolve("fresh-blobs"))) {
            for (Digest d : layerBlobs) assertThat(blobs.exists(d)).as(d.toString()).isFalse();
        }
    }

    @Test
    void aLayerWhoseBlobTheRegistryLostIsNotOfferedAndTheImageIsIncomplete() throws Exception {
        // a second repository holding the same image, so the other tests keep theirs
        Tools.run("skopeo", "copy", "-q", "--all", "--src-tls-verify=false", "--dest-tls-verify=false",
                registry.docker(REPO + ":1"), registry.docker("stowage/lossy:1"));
        LayerBuilt lost = built().get(0);
        HttpResponse<Void> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + registry.host() + "/v2/stowage/lossy/blobs/" + lost.blob().digest())).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(deleted.statusCode()).isEqualTo(202);

        PublishedImage image;
        try (FileSystemBlobStore blobs = new FileSystemBlobStore(tmp.resolve("lossy-blobs"));
                RegistryCaller caller = vertx.access(CredentialResolver.anonymous(), PushSettings.defaults()).open(registry.host())) {
            image = new PublishedImageReader(blobs, caller).read(ImageName.parse(registry.host() + "/stowage/lossy:1")).orElseThrow();
        }
        assertThat(image.complete()).isFalse();
        assertThat(image.missing()).isNotEmpty().allMatch(d -> d.digest().equals(lost.blob().digest()));
        assertThat(image.layer(lost.cacheKey())).isEmpty();
        Set<PublishedLayer> rest = expected().stream().filter(l -> !l.blob().digest().equals(lost.blob().digest())).collect(Collectors.toSet());
        assertThat(Set.copyOf(image.layers())).isEqualTo(rest).isNotEmpty();
    }

    @Test
    void nothingAtTheReferenceReadsAsEmpty() throws IOException {
        try (FileSystemBlobStore blobs = new FileSystemBlobStore(tmp.resolve("empty-blobs"));
                RegistryCaller caller = vertx.access(CredentialResolver.anonymous(), PushSettings.defaults()).open(registry.host())) {
            assertThat(new PublishedImageReader(blobs, caller).read(ImageName.parse(registry.host() + "/stowage/never:1"))).isEmpty();
        }
    }
}
