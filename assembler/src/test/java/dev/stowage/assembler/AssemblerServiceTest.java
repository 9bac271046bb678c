package dev.stowage.assembler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.assembler.finished.FinishedImage;
import dev.stowage.assembler.finished.FinishedImages;
import dev.stowage.assembler.provenance.ProvenanceTimes;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.blob.StoredBlob;
import dev.stowage.blob.StoredSelector;
import dev.stowage.blob.gc.GarbageCollector;
import dev.stowage.blob.gc.GcPlan;
import dev.stowage.blob.gc.GcPolicy;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.EventCodec;
import dev.stowage.event.EventHeader;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.StowageEvent;
import dev.stowage.json.Json;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.ContainerConfig;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.spec.BuildInput;
import dev.stowage.spec.ImageSpec;
import dev.stowage.spec.PlatformInput;
import dev.stowage.spec.PlatformSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssemblerServiceTest {
    private static final StorePath P = StorePath.parse("/nix/store/0c1mlhzvq5mqgsqhgjkjhnvnl4vm6r1k-app-1.0");
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final Platform ARM64 = Platform.parse("linux/arm64/v8");
    @TempDir Path tmp;

    private BuildRequested request() {
        ClosureGraph g = ClosureGraph.of(List.of(new PathInfo(P, Digest.ofBytes(new byte[0]), 1, List.of())));
        ImageSpec spec = new ImageSpec("example/app", null, null, 10, null, null, null, null, null, null, null, null, null,
                new ContainerConfig(List.of("A=1"), List.of("/bin/app"), null, null, null, null, null, null, null),
                Map.of("org.example.k", "v"), null, null, null, null, null, null, null, null, null,
                List.of(new PlatformSpec(ARM64, "c.json", List.of()), new PlatformSpec(AMD64, "c.json", List.of())));
        BuildInput input = new BuildInput(spec, List.of(new PlatformInput(ARM64, List.of(P), g), new PlatformInput(AMD64, List.of(P), g)));
        return new BuildRequested(header(), input, List.of(ImageLocation.parse("oci:/tmp/x")));
    }

    private static EventHeader header() {
        return EventHeader.create("b-1", "test", Clock.systemUTC());
    }

    private static LayerBuilt layer(Platform p, int index, int count) {
        Digest d = Digest.ofBytes((p + "/" + index).getBytes(StandardCharsets.UTF_8));
        return new LayerBuilt(header(), p, index, count, d, List.of(P), d, 10,
                Descriptor.of(MediaTypes.OCI_LAYER_GZIP, d, 5), false);
    }

    private int runs;

    /** Runs events through a fresh assembler with its own blob store (state persists per store). */
    private List<StowageEvent> run(List<StowageEvent> events) throws IOException {
        return run(events, tmp.resolve("blobs-" + runs++));
    }

    private List<StowageEvent> run(List<StowageEvent> events, Path blobs) throws IOException {
        AssemblerService service = new AssemblerService(new FileSystemBlobStore(blobs), "test", Clock.systemUTC());
        List<StowageEvent> out = new ArrayList<>();
        for (StowageEvent e : events) service.handle(e, out::add);
        return out;
    }

    /** The selector of the finished-image record a reproducible assembly of {@link #inputs} writes. */
    private Digest finishedImageKey(FileSystemBlobStore store) {
        return new FinishedImages(store, AssemblerService.VERSION).key(((BuildRequested) inputs().get(0)).input(), ProvenanceTimes.fromCreated())
                .orElseThrow();
    }

    private List<StowageEvent> inputs() {
        return new ArrayList<>(List.of(request(), layer(AMD64, 0, 2), layer(AMD64, 1, 2), layer(ARM64, 0, 3),
                layer(ARM64, 1, 3), layer(ARM64, 2, 3)));
    }

    @Test
    void anyOrderAndRedeliveryGiveOneIndexEvent() throws IOException {
        Digest expected = null;
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<StowageEvent> events = inputs();
            events.addAll(inputs().subList(0, 1 + random.nextInt(5))); // redeliveries
            Collections.shuffle(events, random);
            List<StowageEvent> out = run(events);
            // a redelivery of the finishing message emits its events again: the same events, ids and all
            List<IndexAssembled> indexes = out.stream().filter(IndexAssembled.class::isInstance).map(IndexAssembled.class::cast).distinct().toList();
            assertThat(indexes).hasSize(1);
            assertThat(out.stream().filter(ImageAssembled.class::isInstance).distinct()).hasSize(2);
            if (expected == null) expected = indexes.get(0).index().digest();
            assertThat(indexes.get(0).index().digest()).isEqualTo(expected);
        }
    }

    @Test
    void indexListsPlatformsSortedWithAnnotations() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"));
        List<StowageEvent> out = run(inputs(), tmp.resolve("blobs"));
        IndexAssembled ia = (IndexAssembled) out.get(out.size() - 1);
        ImageIndex index = Json.read(store.readAll(ia.index().digest()), ImageIndex.class);
        assertThat(index.manifests()).extracting(Descriptor::platform).containsExactly(AMD64, ARM64);
        assertThat(index.annotations()).containsEntry("org.example.k", "v")
                .containsEntry("org.opencontainers.image.created", "1970-01-01T00:00:01Z")
                .containsEntry("org.opencontainers.image.ref.name", request().input().tag());
        String config = new String(store.readAll(((ImageAssembled) out.get(0)).config().digest()), StandardCharsets.UTF_8);
        assertThat(config).contains("\"architecture\":\"amd64\"").contains("\"diff_ids\":[").contains("\"Cmd\":[\"/bin/app\"]")
                .contains("store paths: " + P);
    }

    @Test
    void aRestartedAssemblerContinuesFromThePersistedStateAtAnyPoint() throws IOException {
        Digest expected = run(inputs()).stream().filter(IndexAssembled.class::isInstance)
                .map(e -> ((IndexAssembled) e).index().digest()).findFirst().orElseThrow();
        List<StowageEvent> events = inputs();
        for (int cut = 0; cut <= events.size(); cut++) {
            Path blobs = tmp.resolve("restart-" + cut);
            List<StowageEvent> out = new ArrayList<>();
            AssemblerService first = new AssemblerService(new FileSystemBlobStore(blobs), "first", Clock.systemUTC());
            for (StowageEvent e : events.subList(0, cut)) first.handle(e, out::add);
            AssemblerService second = new AssemblerService(new FileSystemBlobStore(blobs), "second", Clock.systemUTC());
            for (StowageEvent e : events.subList(cut, events.size())) second.handle(e, out::add);
            // a redelivery after completion emits the finishing message's events again, unchanged
            second.handle(events.get(events.size() - 1), out::add);
            List<IndexAssembled> indexes = out.stream().filter(IndexAssembled.class::isInstance).map(IndexAssembled.class::cast).distinct().toList();
            assertThat(indexes).as("cut at " + cut).hasSize(1);
            assertThat(indexes.get(0).index().digest()).isEqualTo(expected);
        }
    }

    @Test
    void aFinishedBuildLeavesOnlyARecordOfHowItEnded() throws IOException {
        Path blobs = tmp.resolve("finished");
        FileSystemBlobStore store = new FileSystemBlobStore(blobs);
        List<StowageEvent> events = inputs();
        AssemblerService service = new AssemblerService(store, "test", Clock.systemUTC());
        List<StowageEvent> out = new ArrayList<>();
        for (StowageEvent e : events.subList(0, events.size() - 1)) service.handle(e, out::add);
        BuildState unfinished = new BuildStateStore(store).load("b-1").orElseThrow();
        assertThat(store.listSelectors()).hasSize(1);
        assertThat(unfinished.records()).hasSize(6).allMatch(store::exists); // request, 4 layers, the amd64 image

        int before = out.size();
        service.handle(events.get(events.size() - 1), out::add);
        List<StowageEvent> last = List.copyOf(out.subList(before, out.size()));
        IndexAssembled index = last.stream().filter(IndexAssembled.class::isInstance).map(IndexAssembled.class::cast).findFirst().orElseThrow();
        // the done record, and the finished image (what this input assembled to, kept while the image is)
        assertThat(store.listSelectors()).extracting(StoredSelector::selector).hasSize(2).contains(finishedImageKey(store));
        Digest finished = store.readSelector(finishedImageKey(store)).orElseThrow();
        assertThat(Json.readLenient(store.readAll(finished), FinishedImage.class).index()).isEqualTo(index.index());
        assertThat(store.list()).extracting(StoredBlob::digest).doesNotContainAnyElementsOf(unfinished.records());
        BuildState ended = new BuildStateStore(store).load("b-1").orElseThrow();
        assertThat(ended.indexDone()).isTrue();
        assertThat(ended.records()).isEmpty();
        // everything else is the image, reachable from its index; gc takes the finished build's record
        GcPlan plan = new GarbageCollector(store).plan(List.of(index.index().digest()), new GcPolicy(Instant.now(), Duration.ZERO, Duration.ZERO));
        assertThat(plan.blobsToDelete()).hasSize(1).allMatch(b -> b.size() < 4_000);
        assertThat(plan.selectorsToDelete()).hasSize(1);
        assertThat(plan.kept()).extracting(StoredBlob::digest).contains(index.index().digest());

        // a late redelivery of another message writes nothing and emits nothing
        int stored = store.list().size();
        service.handle(events.get(3), out::add);
        new AssemblerService(store, "test", Clock.systemUTC()).handle(events.get(3), out::add);
        assertThat(store.list()).hasSize(stored);
        assertThat(out.stream().filter(IndexAssembled.class::isInstance)).hasSize(1);

        // the finishing message again, as after its transaction aborted: the same events again, to any assembler
        List<StowageEvent> again = new ArrayList<>();
        new AssemblerService(store, "test", Clock.systemUTC()).handle(events.get(events.size() - 1), again::add);
        service.handle(events.get(events.size() - 1), again::add);
        assertThat(again).hasSize(2 * last.size());
        assertThat(again.subList(0, last.size())).isEqualTo(last);
        assertThat(again.subList(last.size(), again.size())).isEqualTo(last);
        assertThat(store.list()).hasSize(stored);
    }

    @Test
    void inMemoryStateWritesNothingButTheImageAndAnswersARedeliveryAlike() throws IOException {
        FileSystemBlobStore durable = new FileSystemBlobStore(tmp.resolve("durable"));
        FileSystemBlobStore memory = new FileSystemBlobStore(tmp.resolve("memory"));
        List<StowageEvent> events = inputs();
        List<StowageEvent> viaStore = new ArrayList<>();
        List<StowageEvent> inMemory = new ArrayList<>();
        AssemblerService a = new AssemblerService(durable, "test", Clock.systemUTC(), ProvenanceTimes.fromCreated(), AssemblerService.StateKeeping.BLOB_STORE);
        AssemblerService b = new AssemblerService(memory, "test", Clock.systemUTC(), ProvenanceTimes.fromCreated(), AssemblerService.StateKeeping.MEMORY);
        for (StowageEvent e : events) {
            a.handle(e, viaStore::add);
            b.handle(e, inMemory::add);
        }
        assertThat(memory.listSelectors()).extracting(StoredSelector::selector).containsExactly(finishedImageKey(memory));
        GcPlan plan = new GarbageCollector(durable).plan(List.of(((IndexAssembled) viaStore.get(viaStore.size() - 1)).index().digest()),
                new GcPolicy(Instant.now(), Duration.ZERO, Duration.ZERO));
        // the same image blobs; the durable store also has the finished build's record, and its deleted chain set aside
        assertThat(memory.list()).extracting(StoredBlob::digest).containsExactlyInAnyOrderElementsOf(
                plan.kept().stream().map(StoredBlob::digest).toList());
        int before = inMemory.size();
        b.handle(events.get(events.size() - 1), inMemory::add);
        b.handle(events.get(1), inMemory::add);
        assertThat(inMemory.subList(before, inMemory.size())).containsExactly(inMemory.get(before - 2), inMemory.get(before - 1));
    }

    @Test
    void aRedeliveryBeforeTheEndWritesNoState() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("redelivered"));
        List<StowageEvent> events = inputs().subList(0, 3);
        run(events, store.root());
        List<Digest> records = new BuildStateStore(store).load("b-1").orElseThrow().records();
        int stored = store.list().size();
        LayerBuilt first = (LayerBuilt) events.get(2);
        Digest other = Digest.ofBytes("another build of layer 1".getBytes(StandardCharsets.UTF_8));
        LayerBuilt second = new LayerBuilt(header(), AMD64, 1, 2, other, List.of(P), other, 10, Descriptor.of(MediaTypes.OCI_LAYER_GZIP, other, 5), false);
        // the same messages again (a fresh assembler, as after a restart), a worker's second announcement of layer 1
        run(List.of(events.get(1), events.get(0), layer(AMD64, 1, 2), second), store.root());
        assertThat(store.list()).hasSize(stored);
        BuildState state = new BuildStateStore(store).load("b-1").orElseThrow();
        assertThat(state.records()).isEqualTo(records);
        assertThat(state.completeLayers(AMD64).orElseThrow().get(1).blob()).isEqualTo(first.blob());
    }

    @Test
    void aBuildBegunByAnAssemblerThatWroteSnapshotsContinues() throws IOException {
        List<StowageEvent> events = inputs();
        Digest expected = run(events).stream().filter(IndexAssembled.class::isInstance)
                .map(e -> ((IndexAssembled) e).index().digest()).findFirst().orElseThrow();
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("v1"));
        // what an assembler before state v2 left after the request and three layers
        Digest request = store.put(EventCodec.encode(events.get(0))).digest();
        var snapshot = new BuildStateStore.SnapshotV1(1, request, events.subList(1, 4).stream().map(LayerBuilt.class::cast).toList(), List.of(), false);
        Digest v1 = Digest.ofBytes("stowage-assembler-state/v1/b-1".getBytes(StandardCharsets.UTF_8));
        store.writeSelector(v1, store.put(Json.canonicalBytes(snapshot)).digest());

        List<StowageEvent> out = run(events.subList(4, events.size()), store.root());
        assertThat(out.stream().filter(IndexAssembled.class::isInstance).map(e -> ((IndexAssembled) e).index().digest())).containsExactly(expected);
        // the v1 snapshot's went; what is left says how the build ended, and what its input assembled to
        assertThat(store.listSelectors()).extracting(StoredSelector::selector).hasSize(2).contains(finishedImageKey(store));
        assertThat(new BuildStateStore(store).load("b-1").orElseThrow().indexDone()).isTrue();
    }

    /** The state of an N-layer build is N records of bounded size, whatever N: O(N) bytes in all. */
    @Test
    void stateBytesGrowLinearlyWithTheLayers() throws IOException {
        long[] layerBytes = new long[2];
        int[] sizes = {100, 200};
        for (int k = 0; k < sizes.length; k++) {
            int n = sizes[k];
            FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("linear-" + n));
            List<StowageEvent> events = new ArrayList<>(List.of(request()));
            for (int i = 0; i < n; i++) events.add(layer(AMD64, i, n));
            events.add(layer(ARM64, 0, 3));
            run(events, store.root());
            List<Digest> records = new BuildStateStore(store).load("b-1").orElseThrow().records();
            assertThat(records).hasSize(1 + n + 1 + 1); // the request, the amd64 layers and image, an arm64 layer
            for (Digest d : records.subList(1, records.size())) {
                assertThat(store.size(d)).isLessThan(2_000);
                layerBytes[k] += store.size(d);
            }
            assertThat(store.list()).extracting(StoredBlob::digest).containsAll(records);
        }
        assertThat((double) layerBytes[1] / layerBytes[0]).isBetween(1.9, 2.1);
    }

    @Test
    void nothingIsAssembledUntilEveryLayerArrived() throws IOException {
        assertThat(run(List.of(request(), layer(AMD64, 0, 2), layer(ARM64, 0, 3)))).isEmpty();
    }
}
