package dev.stowage.it.gc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.assembler.finished.FinishedImage;
import dev.stowage.blob.BlobStore;
import dev.stowage.blob.BlobStores;
import dev.stowage.blob.StoredBlob;
import dev.stowage.it.harness.S3Proxy;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.Tools;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code stowage gc} on real stores: three releases of an image are built with the CLI, gc keeps
 * the last one only, and exactly its blobs (and its layer cache entries) remain; the kept image is
 * rebuilt entirely from the store's cache and skopeo reads and copies it.
 */
class GcTest {
    @TempDir static Path tmp;
    static GcFixture fixture;
    static S3Proxy s3;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new GcFixture(tmp);
        s3 = new S3Proxy(tmp.resolve("s3proxy"));
        System.setProperty("aws.accessKeyId", S3Proxy.IDENTITY);
        System.setProperty("aws.secretAccessKey", S3Proxy.CREDENTIAL);
    }

    @AfterAll
    static void tearDown() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        s3.close();
    }

    @Test
    void fileSystemStoreKeepsExactlyTheKeptImage() throws Exception {
        keepsExactlyTheLastRelease("file:" + tmp.resolve("fs-store"), "fs");
    }

    @Test
    void s3StoreKeepsExactlyTheKeptImage() throws Exception {
        s3.createBucket("gc-store");
        keepsExactlyTheLastRelease("s3://gc-store/stowage?endpoint=" + s3.endpoint() + "&region=us-east-1", "s3");
    }

    @Test
    void s3StagedUploadsGoAfterTheGrace() throws Exception {
        s3.createBucket("gc-staged");
        String url = "s3://gc-staged/stowage?endpoint=" + s3.endpoint() + "&region=us-east-1";
        Path log = Files.writeString(tmp.resolve("staged-audit.jsonl"), "");
        try (S3Client client = s3.client()) {
            client.putObject(r -> r.bucket("gc-staged").key("stowage/uploads/left-by-a-crash"), RequestBody.fromString("partial"));
            client.createMultipartUpload(r -> r.bucket("gc-staged").key("stowage/uploads/never-completed"));
            GcFixture.Run young = fixture.gc("--blob-store", url, "--log", log.toString(), "--json");
            assertThat(young.exit()).as(young.err()).isZero();
            assertThat(young.json().get("stagedDeleted").asInt()).isZero();
            GcFixture.Run gc = fixture.gc("--blob-store", url, "--log", log.toString(), "--grace", "0", "--json");
            assertThat(gc.exit()).as(gc.err()).isZero();
            assertThat(gc.json().get("stagedDeleted").asInt()).isEqualTo(2);
            assertThat(client.listObjectsV2(r -> r.bucket("gc-staged")).contents()).isEmpty();
            assertThat(client.listMultipartUploads(r -> r.bucket("gc-staged")).uploads()).isEmpty();
        }
    }

    private static void keepsExactlyTheLastRelease(String url, String name) throws Exception {
        Path log = tmp.resolve(name + "-audit.jsonl");
        JsonNode[] builds = new JsonNode[4];
        for (int v = 1; v <= 3; v++) builds[v] = fixture.build(v, url, log, tmp.resolve(name + "-v" + v));
        Set<Digest> before = stored(url);
        Set<Digest> v3 = GcFixture.layoutBlobs(tmp.resolve(name + "-v3"));
        Set<Digest> v1Only = new TreeSet<>(GcFixture.layoutBlobs(tmp.resolve(name + "-v1")));
        v1Only.removeAll(v3);
        assertThat(v1Only).isNotEmpty();
        assertThat(before).containsAll(v3).containsAll(v1Only);

        // everything is younger than the default grace of an hour: nothing goes
        GcFixture.Run young = fixture.gc("--blob-store", url, "--log", log.toString(), "--keep-builds", "1", "--keep-days", "0", "--json");
        assertThat(young.exit()).as(young.err()).isZero();
        assertThat(young.json().get("blobsDeleted").asInt()).isZero();
        assertThat(stored(url)).isEqualTo(before);

        // a dry run counts what would go and deletes nothing
        GcFixture.Run dry = fixture.gc("--blob-store", url, "--log", log.toString(), "--keep-builds", "1", "--keep-days", "0",
                "--grace", "0", "--dry-run", "--json");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.json().get("blobsDeleted").asInt()).isPositive();
        assertThat(stored(url)).isEqualTo(before);

        GcFixture.Run gc = fixture.gc("--blob-store", url, "--log", log.toString(), "--keep-builds", "1", "--keep-days", "0", "--grace", "0");
        assertThat(gc.exit()).as(gc.err()).isZero();
        assertThat(gc.out()).startsWith("deleted ").contains("kept stowage-it/gc@" + builds[3].get("index").asText());
        Set<Digest> after = stored(url);
        assertThat(after).containsAll(v3).doesNotContainAnyElementsOf(v1Only);
        Set<Digest> extra = new TreeSet<>(after);
        extra.removeAll(v3);
        // beyond the image itself only the layer cache records of its layers stay, and the record of what its input assembled to
        Set<Digest> v3Layers = Set.copyOf(GcFixture.layers(builds[3]));
        int finishedImages = 0;
        try (BlobStore store = BlobStores.open(url)) {
            for (Digest d : extra) {
                JsonNode record = Json.reader().readTree(store.readAll(d));
                if (record.path("format").asText().equals(FinishedImage.FORMAT)) {
                    assertThat(record.path("index").path("digest").asText()).as(d + " is v3's finished image").isEqualTo(builds[3].get("index").asText());
                    finishedImages++;
                    continue;
                }
                assertThat(Digest.parse(record.path("blob").path("digest").asText())).as(d + " is a cache record").isIn(v3Layers);
            }
        }
        assertThat(finishedImages).isEqualTo(1);
        assertThat(extra).hasSize(v3Layers.size() + 1);
        assertThat(dry.json().get("blobsDeleted").asInt()).isEqualTo(before.size() - after.size());

        // the kept release rebuilds from the store alone (every layer a cache hit), same index; skopeo reads and copies it
        JsonNode again = fixture.build(3, url, tmp.resolve(name + "-again.jsonl"), tmp.resolve(name + "-v3-again"));
        assertThat(again.get("index").asText()).isEqualTo(builds[3].get("index").asText());
        assertThat(again.get("platforms").get(0).get("layers")).allSatisfy(l -> assertThat(l.get("cached").asBoolean()).isTrue());
        Path copy = tmp.resolve(name + "-skopeo-copy");
        Tools.run("skopeo", "copy", "--all", "oci:" + tmp.resolve(name + "-v3-again") + ":v3", "oci:" + copy + ":v3");
        assertThat(Skopeo.rawDigest("oci:" + copy + ":v3")).isEqualTo(Skopeo.rawDigest("oci:" + tmp.resolve(name + "-v3") + ":v3"));
        // a dropped release rebuilds too, but its own layers are built again
        JsonNode v1 = fixture.build(1, url, tmp.resolve(name + "-again.jsonl"), tmp.resolve(name + "-v1-again"));
        assertThat(v1.get("index").asText()).isEqualTo(builds[1].get("index").asText());
        assertThat(v1.get("platforms").get(0).get("layers")).anySatisfy(l -> assertThat(l.get("cached").asBoolean()).isFalse());
    }

    static Set<Digest> stored(String url) throws IOException {
        try (BlobStore store = BlobStores.open(url)) {
            return store.list().stream().map(StoredBlob::digest).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
