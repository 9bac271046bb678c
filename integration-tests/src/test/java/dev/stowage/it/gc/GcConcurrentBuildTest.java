package dev.stowage.it.gc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import dev.stowage.testsupport.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build that reuses old blobs (layer cache hits, an identical config, manifest and index) while
 * gc runs over and over with those blobs unkept: the build publishes and every blob of its image
 * is still in the store afterwards, because reuse touches a blob and the grace period protects
 * what was touched, and a blob deleted in the instant between gc's last listing and its delete
 * call comes back when the build reads it; what nothing uses is deleted meanwhile.
 */
class GcConcurrentBuildTest {
    @TempDir Path tmp;

    @Test
    void aBuildDuringGcKeepsEveryBlobOfItsImage() throws Exception {
        GcFixture fixture = new GcFixture(tmp);
        Path storeDir = tmp.resolve("store");
        String url = "file:" + storeDir;
        Path log = tmp.resolve("audit.jsonl");
        JsonNode v1 = fixture.build(1, url, log, tmp.resolve("v1"));
        fixture.build(2, url, log, tmp.resolve("v2"));
        fixture.spec(1); // the rebuild's nix-build happens now, not while gc runs
        Digest garbage; // what nothing uses: gc must delete it meanwhile
        try (FileSystemBlobStore store = new FileSystemBlobStore(storeDir)) {
            garbage = store.put("an old blob no image names".getBytes(StandardCharsets.UTF_8)).digest();
        }
        Set<Digest> v1Blobs = GcFixture.layoutBlobs(tmp.resolve("v1"));
        v1Blobs.removeAll(GcFixture.layoutBlobs(tmp.resolve("v2")));

        // gc reads the first log only: release 2 stays, release 1's old blobs are garbage unless reused.
        // A small cached build can end between its first cache hit and gc's start: then the store is aged
        // again (the build touched what it used) and the rebuild tried again, up to 5 times
        CompletableFuture<JsonNode> rebuild = null;
        Path layout = null;
        for (int attempt = 1; attempt <= 5 && (rebuild == null || rebuild.isDone()); attempt++) {
            Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
            try (Stream<Path> files = Files.walk(storeDir)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) Files.setLastModifiedTime(p, FileTime.from(twoHoursAgo));
            }
            Path rebuildLog = tmp.resolve("rebuild-" + attempt + ".jsonl");
            Path out = tmp.resolve("v1-again-" + attempt);
            layout = out;
            rebuild = CompletableFuture.supplyAsync(() -> {
                try {
                    // wall-clock provenance is never short-circuited (docs/architecture.md, "Finished images"): the rebuild goes
                    // through the layer cache, hitting old blobs while gc runs
                    return fixture.build(1, url, rebuildLog, out, "--provenance-times", "wall-clock");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            // gc starts once the build has found a layer in the cache: it now references old blobs
            CompletableFuture<JsonNode> running = rebuild;
            Await.untilNoThrow(Duration.ofSeconds(60), "a cache hit in the rebuild",
                    () -> running.isDone() || Files.readString(rebuildLog).contains("\"cached\":true"), () -> "");
        }
        assertThat(rebuild).as("the rebuild ended before gc could overlap it").isNotDone();
        int runs = 0;
        long freed = 0;
        do {
            GcFixture.Run gc = fixture.gc("--blob-store", url, "--log", log.toString(), "--keep-builds", "1", "--keep-days", "0",
                    "--grace", "600", "--json");
            assertThat(gc.exit()).as(gc.err()).isZero();
            freed += Json.reader().readTree(gc.out()).get("blobsDeleted").asLong();
            runs++;
        } while (!rebuild.isDone());
        JsonNode again = rebuild.get(120, TimeUnit.SECONDS);
        GcFixture.Run last = fixture.gc("--blob-store", url, "--log", log.toString(), "--keep-builds", "1", "--keep-days", "0",
                "--grace", "600", "--json");
        assertThat(last.exit()).as(last.err()).isZero();

        assertThat(freed + Json.reader().readTree(last.out()).get("blobsDeleted").asLong()).as("the unused blob went").isPositive();
        assertThat(again.get("index").asText()).isEqualTo(v1.get("index").asText());
        Set<Digest> stored = new TreeSet<>(GcTest.stored(url));
        Set<Digest> rebuilt = GcFixture.layoutBlobs(layout);
        assertThat(stored).containsAll(rebuilt).doesNotContain(garbage);
        // the rebuild did use old blobs only release 1 had (its layers): those were gc's to take, and stayed
        Set<Digest> reused = new TreeSet<>(v1Blobs);
        reused.retainAll(rebuilt);
        assertThat(reused).isNotEmpty();
        assertThat(runs).as("gc ran while the build did").isPositive(); // a small build now finishes within one gc run
    }
}
