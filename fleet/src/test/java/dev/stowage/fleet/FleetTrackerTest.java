package dev.stowage.fleet;

import static dev.stowage.fleet.TestInputs.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.event.BuildFailed;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.FleetImageRebuilt;
import dev.stowage.event.FleetRebuildFinished;
import dev.stowage.event.FleetRebuildPlanned.PlannedImage;
import dev.stowage.event.FleetRebuildPlanned;
import dev.stowage.event.StowageEvent;
import dev.stowage.oci.ImageLocation;
import dev.stowage.spec.BuildInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetTrackerTest {
    private static final String FLEET = "f-00000000000000000009";
    @TempDir Path tmp;

    @Test
    void reportsEachImageOnceAndTheTotalsWhateverTheOrder() throws Exception {
        FolderCatalog catalog = new FolderCatalog(tmp.resolve("catalog"));
        List<StowageEvent> events = new ArrayList<>(rebuild(catalog));
        BuildInput newApp = requested(events, FLEET + ".0");
        events.add(new BuildRequested(header("b-unrelated"), requested(events, FLEET + ".1"), List.of(ImageLocation.parse("oci:/tmp/t"))));
        List<StowageEvent> delivered = new ArrayList<>(events);
        delivered.addAll(events);
        Collections.reverse(delivered);
        FleetTracker tracker = new FleetTracker(catalog, "fleet-tracker@test#1", CLOCK);
        List<StowageEvent> out = new ArrayList<>();
        for (StowageEvent e : delivered) tracker.handle(e, out::add);

        assertThat(out).hasSize(3);
        FleetImageRebuilt app = (FleetImageRebuilt) out.stream().filter(e -> e instanceof FleetImageRebuilt r && r.image().equals("team/app")).findFirst().orElseThrow();
        assertThat(app.republished()).isTrue();
        assertThat(app.layersBuilt()).isEqualTo(2); // the first store layer and the customisation layer
        assertThat(app.layersReused()).isEqualTo(3);
        assertThat(app.index()).isEqualTo(BuildEvents.digest("i" + FLEET + ".0"));
        FleetImageRebuilt failed = (FleetImageRebuilt) out.stream().filter(e -> e instanceof FleetImageRebuilt r && r.image().equals("team/tool")).findFirst().orElseThrow();
        assertThat(failed.republished()).isFalse();
        assertThat(failed.failure()).isEqualTo("store path missing");
        assertThat(out.get(2)).isInstanceOfSatisfying(FleetRebuildFinished.class, f -> {
            assertThat(f.buildId()).isEqualTo(FLEET);
            assertThat(List.of(f.images(), f.republished(), f.failed(), f.layersBuilt(), f.layersReused())).containsExactly(2, 1, 1, 2, 3);
            assertThat(f.bytesBuilt()).isEqualTo(10);
        });
        assertThat(catalog.get("team/app").orElseThrow().input()).isEqualTo(newApp);
    }

    /** The events of one fleet rebuild of two images (one published, one failed) in the order a topic could hold them. */
    private List<StowageEvent> rebuild(FolderCatalog catalog) throws Exception {
        BuildInput oldApp = input(tmp, "team/app", APP, appClosure());
        catalog.put(new CatalogEntry(oldApp, List.of(ImageLocation.parse("oci:/tmp/a"))));
        BuildInput newApp = input(tmp.resolve("new"), "team/app", APP, List.of(info(APP, SSL, LIBC), info(SSL, LIBC), info(LIBC), info(CACERT_FIXED)));
        BuildInput tool = input(tmp, "team/tool", TOOL, List.of(info(TOOL)));
        List<StowageEvent> events = new ArrayList<>();
        events.add(new FleetRebuildPlanned(header(FLEET), "change", List.of(new PlannedImage("team/app", FLEET + ".0"), new PlannedImage("team/tool", FLEET + ".1"))));
        events.add(new BuildRequested(header(FLEET + ".1"), tool, List.of(ImageLocation.parse("oci:/tmp/t"))));
        events.addAll(BuildEvents.published(FLEET + ".0", newApp, 5, List.of(APP, SSL, LIBC, CACERT_FIXED)));
        events.add(new BuildFailed(header(FLEET + ".1"), "layer-worker", BuildFailed.Kind.BAD_INPUT, TOOL.toString(), "store path missing"));
        return events;
    }

    private static BuildInput requested(List<StowageEvent> events, String buildId) {
        return events.stream().filter(e -> e instanceof BuildRequested r && r.buildId().equals(buildId))
                .map(e -> ((BuildRequested) e).input()).findFirst().orElseThrow();
    }

    @Test
    void aTrackerRestoredFromTheTopicsContinuesWhereTheStoppedOneLeftOff() throws Exception {
        int count = rebuild(new FolderCatalog(tmp.resolve("probe"))).size();
        for (int k = 0; k <= count; k++) {
            for (boolean lastOutputLost : new boolean[] {false, true}) {
                if (lastOutputLost && k == 0) continue;
                FolderCatalog catalog = new FolderCatalog(tmp.resolve("catalog-" + k + "-" + lastOutputLost));
                List<StowageEvent> events = rebuild(catalog);
                BuildInput published = requested(events, FLEET + ".0");
                FleetTracker stopped = new FleetTracker(catalog, "fleet-tracker@test#1", CLOCK);
                List<StowageEvent> topics = new ArrayList<>(events.subList(0, k));
                List<StowageEvent> committed = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    List<StowageEvent> out = new ArrayList<>();
                    stopped.handle(events.get(i), out::add);
                    if (!(lastOutputLost && i == k - 1)) committed.addAll(out);
                }
                topics.addAll(committed);
                FleetTracker restored = new FleetTracker(catalog, "fleet-tracker@test#2", CLOCK);
                restored.restore(topics);
                List<StowageEvent> all = new ArrayList<>(committed);
                for (StowageEvent e : events.subList(Math.max(0, lastOutputLost ? k - 1 : k - 2), events.size())) restored.handle(e, all::add);
                String when = "stopped after " + k + " events" + (lastOutputLost ? ", the last one's output lost" : "");
                assertThat(all).as(when).filteredOn(e -> e instanceof FleetImageRebuilt).extracting(e -> ((FleetImageRebuilt) e).image())
                        .containsExactlyInAnyOrder("team/app", "team/tool");
                assertThat(all).as(when).filteredOn(e -> e instanceof FleetRebuildFinished).singleElement()
                        .satisfies(f -> assertThat(((FleetRebuildFinished) f).images()).isEqualTo(2));
                assertThat(catalog.get("team/app").orElseThrow().input()).as(when).isEqualTo(published);
            }
        }
    }

    @Test
    void anEmptyRebuildFinishesAtOnce() throws Exception {
        FleetTracker tracker = new FleetTracker(new FolderCatalog(tmp.resolve("catalog")), "fleet-tracker@test#1", CLOCK);
        List<StowageEvent> out = new ArrayList<>();
        FleetRebuildPlanned plan = new FleetRebuildPlanned(header(FLEET), "change", List.of());
        tracker.handle(plan, out::add);
        tracker.handle(plan, out::add);
        assertThat(out).singleElement().isInstanceOfSatisfying(FleetRebuildFinished.class, f -> assertThat(f.images()).isZero());
    }
}
