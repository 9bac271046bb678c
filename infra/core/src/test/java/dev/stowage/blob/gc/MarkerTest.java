package dev.stowage.blob.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.blob.StoredBlob;
import dev.stowage.blob.StoredSelector;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mark phase on a real filesystem store holding two images, referrers, cache selectors and assembler state. */
class MarkerTest {
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final Instant OLD = NOW.minus(Duration.ofDays(3));
    static final GcPolicy POLICY = new GcPolicy(NOW, Duration.ofHours(1), Duration.ofDays(7));

    @TempDir Path dir;
    FileSystemBlobStore store;
    Digest l1, l2, l3, l4, c1, c2, m1, m2, i1, i2, sbomLayer, referrer, request, young;
    Digest cacheKept, cacheDropped, stateUnfinished, stateFinished;
    Digest recordKept, recordDropped, snapshotUnfinished, snapshotFinished;

    @BeforeEach
    void images() throws IOException {
        store = new FileSystemBlobStore(dir);
        l1 = put("layer one");
        l2 = put("layer two, shared");
        l3 = put("layer three");
        l4 = put("layer four, of a build in progress");
        c1 = put("{\"rootfs\":{\"diff_ids\":[]},\"n\":1}");
        c2 = put("{\"rootfs\":{\"diff_ids\":[]},\"n\":2}");
        m1 = put(manifest(c1, l1, l2, null));
        m2 = put(manifest(c2, l2, l3, null));
        i1 = put(index(m1));
        i2 = put(index(m2));
        sbomLayer = put("{\"bomFormat\":\"CycloneDX\"}");
        referrer = put(manifest(c1, sbomLayer, sbomLayer, m1));
        request = put("{\"type\":\"BuildRequested\"}");
        recordKept = put("{\"blob\":{\"digest\":\"" + l1 + "\",\"size\":9},\"diffId\":\"" + Digest.ofBytes(new byte[] {1}) + "\"}");
        recordDropped = put("{\"blob\":{\"digest\":\"" + l3 + "\",\"size\":11}}");
        snapshotUnfinished = put("{\"images\":[],\"indexDone\":false,\"layers\":[{\"blob\":{\"digest\":\"" + l4 + "\"}}],\"request\":\""
                + request + "\",\"v\":1}");
        snapshotFinished = put("{\"images\":[],\"indexDone\":true,\"layers\":[{\"blob\":{\"digest\":\"" + l3 + "\"}}],\"v\":1}");
        cacheKept = selector("cache one", recordKept);
        cacheDropped = selector("cache three", recordDropped);
        stateUnfinished = selector("state unfinished", snapshotUnfinished);
        stateFinished = selector("state finished", snapshotFinished);
        Files.writeString(dir.resolve("tmp/blob-old.part"), "abandoned");
        age(dir.resolve("tmp/blob-old.part"));
        young = Digest.ofBytes("written a minute ago".getBytes(StandardCharsets.UTF_8));
        store.put("written a minute ago".getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(store.pathOf(young), FileTime.from(NOW.minusSeconds(60)));
        Files.writeString(dir.resolve("tmp/blob-young.part"), "being written");
        Files.setLastModifiedTime(dir.resolve("tmp/blob-young.part"), FileTime.from(NOW.minusSeconds(5)));
    }

    @Test
    void keepsExactlyTheGraphOfTheKeptImageItsReferrersCacheEntriesAndUnfinishedState() throws IOException {
        GcPlan plan = new GarbageCollector(store).plan(List.of(i1), POLICY);

        assertThat(plan.kept()).extracting(StoredBlob::digest).containsExactlyInAnyOrder(
                i1, m1, c1, l1, l2, referrer, sbomLayer, recordKept, snapshotUnfinished, request, l4, young);
        assertThat(plan.blobsToDelete()).extracting(StoredBlob::digest).containsExactlyInAnyOrder(
                i2, m2, c2, l3, recordDropped, snapshotFinished);
        assertThat(plan.selectorsToDelete()).extracting(StoredSelector::selector).containsExactlyInAnyOrder(cacheDropped, stateFinished);
        assertThat(plan.stagedToDelete()).extracting(s -> s.name()).containsExactly("tmp/blob-old.part");
        assertThat(plan.bytesDeleted()).isEqualTo(plan.blobsToDelete().stream().mapToLong(StoredBlob::size).sum() + "abandoned".length());
        assertThat(plan.missingRoots()).isEmpty();
    }

    @Test
    void sweepDeletesWhatThePlanLetsGoAndNothingElse() throws IOException {
        GarbageCollector gc = new GarbageCollector(store);
        gc.sweep(gc.plan(List.of(i1), POLICY));

        assertThat(blobFiles()).containsExactlyInAnyOrder(
                hex(i1, m1, c1, l1, l2, referrer, sbomLayer, recordKept, snapshotUnfinished, request, l4, young));
        assertThat(store.readSelector(cacheKept)).contains(recordKept);
        assertThat(store.readSelector(stateUnfinished)).contains(snapshotUnfinished);
        assertThat(store.readSelector(cacheDropped)).isEmpty();
        assertThat(store.readSelector(stateFinished)).isEmpty();
        assertThat(dir.resolve("tmp/blob-old.part")).doesNotExist();
        assertThat(dir.resolve("tmp/blob-young.part")).exists();
        // a second run finds nothing more to free
        GcPlan again = gc.plan(List.of(i1), POLICY);
        assertThat(again.blobsToDelete()).isEmpty();
        assertThat(again.selectorsToDelete()).isEmpty();
    }

    @Test
    void aBlobWrittenWithinTheGraceKeepsEverythingItNames() throws IOException {
        Files.setLastModifiedTime(store.pathOf(i2), FileTime.from(NOW.minus(Duration.ofMinutes(59))));
        GcPlan plan = new GarbageCollector(store).plan(List.of(i1), POLICY);
        assertThat(plan.kept()).extracting(StoredBlob::digest).contains(i2, m2, c2, l3);
        assertThat(plan.blobsToDelete()).extracting(StoredBlob::digest).containsExactly(snapshotFinished); // l3 is kept, so is its cache entry
        assertThat(plan.selectorsToDelete()).extracting(StoredSelector::selector).containsExactly(stateFinished);
    }

    @Test
    void aBlobTouchedBetweenPlanAndSweepIsSpared() throws IOException {
        GarbageCollector gc = new GarbageCollector(store);
        GcPlan plan = gc.plan(List.of(i1), POLICY);
        store.touch(l3); // a concurrent build's layer cache hit
        GcPlan done = gc.sweep(plan);
        assertThat(done.blobsToDelete()).extracting(StoredBlob::digest).doesNotContain(l3).contains(i2, m2);
        assertThat(store.exists(l3)).isTrue();
        assertThat(store.list()).extracting(StoredBlob::digest).doesNotContain(m2);
    }

    @Test
    void whatASweepDeletesStaysRecoverableForTheGraceAndALaterSweepPurgesIt() throws IOException {
        GarbageCollector gc = new GarbageCollector(store);
        gc.sweep(gc.plan(List.of(i1), POLICY));
        assertThat(store.listDeleted()).extracting(StoredBlob::digest).containsExactlyInAnyOrder(i2, m2, c2, l3, recordDropped, snapshotFinished);
        assertThat(store.readAll(l3)).isNotEmpty(); // a build that reused l3 as it was deleted reads it by digest

        GcPolicy withinGrace = new GcPolicy(Instant.now(), Duration.ofHours(1), Duration.ofDays(7));
        assertThat(gc.plan(List.of(i1), withinGrace).deletedToPurge()).isEmpty();

        GcPolicy later = new GcPolicy(Instant.now().plus(Duration.ofHours(2)), Duration.ofHours(1), Duration.ofDays(7));
        GcPlan done = gc.sweep(gc.plan(List.of(i1), later));
        assertThat(done.deletedToPurge()).extracting(StoredBlob::digest).containsExactlyInAnyOrder(i2, m2, c2, recordDropped, snapshotFinished);
        assertThat(done.bytesPurged()).isPositive();
        assertThat(store.listDeleted()).extracting(StoredBlob::digest).contains(l3).doesNotContain(i2, m2, c2, recordDropped, snapshotFinished);
        assertThatThrownBy(() -> store.open(m2)).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void anUnfinishedBuildsStateGoesOnceOlderThanTheUnfinishedWindow() throws IOException {
        GcPlan plan = new GarbageCollector(store).plan(List.of(i1), new GcPolicy(NOW, Duration.ofHours(1), Duration.ofDays(2)));
        assertThat(plan.selectorsToDelete()).extracting(StoredSelector::selector).contains(stateUnfinished);
        assertThat(plan.blobsToDelete()).extracting(StoredBlob::digest).contains(snapshotUnfinished, request, l4);
    }

    @Test
    void anUnfinishedBuildsChainOfStateRecordsIsKeptWholeWithinTheUnfinishedWindow() throws IOException {
        Digest l5 = put("layer five, of a build in progress");
        Digest first = put("{\"build\":\"b-2\",\"event\":{\"type\":\"BuildRequested\"},\"prev\":null,\"v\":2}");
        Digest second = put("{\"build\":\"b-2\",\"event\":{\"blob\":{\"digest\":\"" + l5 + "\"},\"type\":\"LayerBuilt\"},\"prev\":\""
                + first + "\",\"v\":2}");
        Digest state = selector("state v2 unfinished", second);

        GcPlan plan = new GarbageCollector(store).plan(List.of(i1), POLICY);
        assertThat(plan.kept()).extracting(StoredBlob::digest).contains(first, second, l5);
        assertThat(plan.selectorsToDelete()).extracting(StoredSelector::selector).doesNotContain(state);

        GcPlan later = new GarbageCollector(store).plan(List.of(i1), new GcPolicy(NOW, Duration.ofHours(1), Duration.ofDays(2)));
        assertThat(later.selectorsToDelete()).extracting(StoredSelector::selector).contains(state);
        assertThat(later.blobsToDelete()).extracting(StoredBlob::digest).contains(first, second, l5);
    }

    @Test
    void aRootTheStoreDoesNotHoldIsReported() throws IOException {
        Digest absent = Digest.ofBytes("absent".getBytes(StandardCharsets.UTF_8));
        assertThat(new GarbageCollector(store).plan(List.of(i1, absent), POLICY).missingRoots()).containsExactly(absent);
    }

    private Digest put(String text) throws IOException {
        Digest d = store.put(text.getBytes(StandardCharsets.UTF_8)).digest();
        age(store.pathOf(d));
        return d;
    }

    private Digest selector(String name, Digest target) throws IOException {
        Digest key = Digest.ofBytes(name.getBytes(StandardCharsets.UTF_8));
        store.writeSelector(key, target);
        age(dir.resolve("selectors/sha256").resolve(key.hex()));
        return key;
    }

    private static void age(Path p) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(OLD));
    }

    private static String manifest(Digest config, Digest layerA, Digest layerB, Digest subject) {
        return "{\"config\":{\"digest\":\"" + config + "\"},\"layers\":[{\"digest\":\"" + layerA + "\"},{\"digest\":\"" + layerB + "\"}]"
                + (subject == null ? "" : ",\"subject\":{\"digest\":\"" + subject + "\"}") + ",\"schemaVersion\":2}";
    }

    private static String index(Digest manifest) {
        return "{\"manifests\":[{\"digest\":\"" + manifest + "\"}],\"schemaVersion\":2}";
    }

    private List<String> blobFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("blobs/sha256"))) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static String[] hex(Digest... ds) {
        return Stream.of(ds).map(Digest::hex).toArray(String[]::new);
    }
}
