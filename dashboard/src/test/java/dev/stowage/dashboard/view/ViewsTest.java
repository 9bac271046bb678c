package dev.stowage.dashboard.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.event.BuildFailed;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.EventHeader;
import dev.stowage.event.FleetImageRebuilt;
import dev.stowage.event.FleetRebuildFinished;
import dev.stowage.event.FleetRebuildPlanned;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.LayerTask;
import dev.stowage.event.Published;
import dev.stowage.event.StorePathsChanged;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.spec.BuildInput;
import dev.stowage.spec.Compression;
import dev.stowage.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events of a two-platform build, a failed build and a fleet rebuild, folded into the dashboard's views. */
class ViewsTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final Platform AMD64 = Platform.parse("linux/amd64");
    static final Platform ARM64 = Platform.parse("linux/arm64");
    static final String W1 = "layer-worker@host-a#11";
    static final String W2 = "layer-worker@host-b#22";
    @TempDir static Path tmp;
    static BuildInput input;

    @BeforeAll
    static void spec() throws Exception {
        Path closure = Path.of("../examples/hello/path-info.json").toAbsolutePath().normalize();
        input = SpecLoader.load(Files.writeString(tmp.resolve("hello.json"), "{\"name\":\"example/hello\",\"tag\":\"1.0\",\"platforms\":["
                + "{\"platform\":\"linux/arm64\",\"closure\":\"" + closure + "\"},{\"platform\":\"linux/amd64\",\"closure\":\"" + closure + "\"}]}"));
    }

    static EventHeader at(String build, int seconds, String producer) {
        return EventHeader.create(build, producer, Clock.fixed(T0.plusSeconds(seconds), ZoneOffset.UTC));
    }

    static Digest digest(String s) {
        return Digest.ofBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    static LayerTask task(String build, Platform p, int index, int seconds) {
        return new LayerTask(at(build, seconds, "planner@h#1"), p, index, 2, digest("key" + p + index), "/nix/store", T0, Compression.GZIP, List.of());
    }

    static LayerBuilt built(String build, Platform p, int index, int seconds, String worker, Instant startedAt, boolean cached) {
        return new LayerBuilt(at(build, seconds, worker), p, index, 2, digest("key" + p + index), List.of(), digest("diff" + p + index), 100,
                Descriptor.of(MediaTypes.OCI_LAYER_GZIP, digest("blob" + p + index), 40 + index), cached, false, null, startedAt);
    }

    static Descriptor manifest(String name) {
        return Descriptor.of(MediaTypes.OCI_MANIFEST, digest(name), 10);
    }

    @Test
    void aPublishedTwoPlatformBuildHasItsLayersInTheirWorkersLanesAndItsSteps() {
        Views views = new Views();
        String b = "build-1";
        views.add(new BuildRequested(at(b, 0, "stowage-cli@h#1"), input, List.of(ImageLocation.parse("oci:/tmp/out"))));
        for (Platform p : List.of(AMD64, ARM64)) for (int i = 0; i < 2; i++) views.add(task(b, p, i, 1));
        views.add(built(b, AMD64, 0, 3, W1, T0.plusSeconds(2), false));
        views.add(built(b, AMD64, 1, 3, W2, null, true)); // an older worker: no startedAt, the task's time stands in
        views.add(built(b, ARM64, 0, 4, W1, T0.plusSeconds(3), false));
        LayerBuilt arm1 = built(b, ARM64, 1, 4, W2, T0.plusSeconds(2), false);
        views.add(arm1);
        assertThat(views.add(arm1)).as("a redelivery changes nothing").isEmpty();
        views.add(new ImageAssembled(at(b, 5, "assembler@h#3"), AMD64, manifest("m-amd64"), Descriptor.of(MediaTypes.OCI_CONFIG, digest("c-amd64"), 5)));
        views.add(new ImageAssembled(at(b, 5, "assembler@h#3"), ARM64, manifest("m-arm64"), Descriptor.of(MediaTypes.OCI_CONFIG, digest("c-arm64"), 5)));
        views.add(new IndexAssembled(at(b, 6, "assembler@h#3"), "example/hello", "1.0", Descriptor.of(MediaTypes.OCI_INDEX, digest("index"), 9),
                List.of(), List.of("1.0"), List.of(manifest("sbom").withArtifactType(MediaTypes.CYCLONEDX_JSON),
                        manifest("prov").withArtifactType(MediaTypes.IN_TOTO_JSON))));
        views.add(new Published(at(b, 7, "publisher@h#4"), digest("index"), List.of(new Published.Destination(ImageLocation.parse("oci:/tmp/out"), "1.0", digest("index")))));

        BuildView v = views.build(b).orElseThrow();
        assertThat(v.state()).isEqualTo("published");
        assertThat(v.image()).isEqualTo("example/hello:1.0");
        assertThat(v.platforms()).containsExactly("linux/amd64", "linux/arm64");
        assertThat(v.durationMillis()).isEqualTo(7000);
        assertThat(v.failure()).isNull();
        assertThat(v.index()).isEqualTo(digest("index").toString());
        assertThat(v.layers()).extracting(l -> l.platform() + "/" + l.layerIndex() + " " + l.lane() + " " + l.start() + ".." + l.end() + " " + l.cached() + " " + l.bytes())
                .containsExactly(
                        "linux/amd64/0 " + W1 + " 2026-12-01T10:00:02Z..2026-12-01T10:00:03Z false 40",
                        "linux/amd64/1 " + W2 + " 2026-12-01T10:00:01Z..2026-12-01T10:00:03Z true 41",
                        "linux/arm64/0 " + W1 + " 2026-12-01T10:00:03Z..2026-12-01T10:00:04Z false 40",
                        "linux/arm64/1 " + W2 + " 2026-12-01T10:00:02Z..2026-12-01T10:00:04Z false 41");
        assertThat(v.steps()).extracting(s -> s.kind() + " " + s.stage() + " " + s.lane() + " " + s.platform())
                .containsExactly("image assembler assembler@h#3 linux/amd64", "image assembler assembler@h#3 linux/arm64",
                        "index assembler assembler@h#3 null", "published publisher publisher@h#4 null");
        assertThat(v.artifacts()).extracting(ArtifactView::kind, ArtifactView::digest)
                .containsExactly(Tuple.tuple("sbom", digest("sbom").toString()),
                        Tuple.tuple("provenance", digest("prov").toString()));
        assertThat(v.destinations()).containsExactly("oci:/tmp/out");
        assertThat(views.buildOf(digest("m-arm64").toString())).contains(b);
        assertThat(views.buildOf(digest("c-amd64").toString())).contains(b);
        assertThat(views.buildOf(digest("nothing").toString())).isEmpty();
        assertThat(views.builds()).singleElement().satisfies(s -> assertThat(s.layers()).isEmpty());
    }

    @Test
    void aFailedBuildSaysWhereAndWhyAndARunningOneShowsItsWaitingTasks() {
        Views views = new Views();
        views.add(new BuildRequested(at("ok", 0, "cli"), input, List.of()));
        views.add(task("ok", AMD64, 0, 1));
        views.add(new BuildFailed(at("bad", 10, "stowage-cli@h#1"), "submit", BuildFailed.Kind.BAD_INPUT, "spec.json", "no such file"));

        assertThat(views.builds()).extracting(BuildView::id, BuildView::state)
                .containsExactly(Tuple.tuple("bad", "failed"), Tuple.tuple("ok", "running"));
        BuildView bad = views.build("bad").orElseThrow();
        assertThat(bad.failure()).isEqualTo("submit (BAD_INPUT, spec.json): no such file");
        assertThat(bad.durationMillis()).isZero();
        assertThat(bad.steps()).extracting(StepView::kind, StepView::stage, StepView::detail)
                .containsExactly(Tuple.tuple("failed", "submit", "no such file"));
        BuildView ok = views.build("ok").orElseThrow();
        assertThat(ok.durationMillis()).isNull();
        assertThat(ok.layers()).singleElement().satisfies(l -> {
            assertThat(l.lane()).isNull();
            assertThat(l.end()).isNull();
        });
    }

    @Test
    void aFleetRebuildListsWhatEachImageDid() {
        Views views = new Views();
        String f = "fleet-1";
        StorePath from = StorePath.parse("/nix/store/" + "1".repeat(32) + "-openssl-3.0.13");
        StorePath to = StorePath.parse("/nix/store/" + "2".repeat(32) + "-openssl-3.0.14");
        views.add(new StorePathsChanged(at(f, 0, "stowage-cli"), List.of(new StorePathsChanged.Replacement(from, to)),
                List.of(), List.of(new PathInfo(to, digest("nar"), 100, List.of())), "webhook 127.0.0.1"));
        views.add(new FleetRebuildPlanned(at(f, 0, "fleet-planner"), "change", List.of(
                new FleetRebuildPlanned.PlannedImage("app", "f1-app"), new FleetRebuildPlanned.PlannedImage("db", "f1-db"),
                new FleetRebuildPlanned.PlannedImage("web", "f1-web"))));
        views.add(new FleetImageRebuilt(at(f, 5, "fleet-tracker"), "app", "f1-app", 2, 3, 1234, true, digest("new-app"), null));
        views.add(new FleetImageRebuilt(at(f, 6, "fleet-tracker"), "db", "f1-db", 0, 0, 0, false, null, "publisher: registry refused"));
        assertThat(views.fleetRebuilds()).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo("running");
            assertThat(r.reason()).isEqualTo("change");
            assertThat(r.changes()).containsExactly(from + " -> " + to);
            assertThat(r.source()).isEqualTo("webhook 127.0.0.1");
            assertThat(r.images()).extracting(i -> i.image() + " " + i.outcome() + " " + i.layersBuilt() + "/" + i.layersReused())
                    .containsExactly("app republished 2/3", "db failed 0/0", "web planned 0/0");
        });
        views.add(new FleetRebuildFinished(at(f, 9, "fleet-tracker"), 3, 1, 1, 2, 3, 1234));
        assertThat(views.fleetRebuilds().get(0).state()).isEqualTo("finished");
        assertThat(views.builds()).as("fleet events make no build").isEmpty();
    }
}
