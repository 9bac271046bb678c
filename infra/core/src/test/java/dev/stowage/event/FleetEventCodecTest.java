package dev.stowage.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import dev.stowage.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet's events survive the wire codec unchanged, land on their topics, and reject incomplete changes. */
class FleetEventCodecTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final StorePath OLD = StorePath.parse("/nix/store/00000000000000000000000000000000-cacert-3.100");
    private static final StorePath NEW = StorePath.parse("/nix/store/11111111111111111111111111111111-cacert-3.101");
    private static final StorePath APP = StorePath.parse("/nix/store/22222222222222222222222222222222-app-1.0");

    private static EventHeader header(String id) {
        return EventHeader.create(id, "test@host#1", CLOCK);
    }

    private static PathInfo info(StorePath p, StorePath... refs) {
        return new PathInfo(p, Digest.ofBytes(p.toString().getBytes(StandardCharsets.UTF_8)), 100, List.of(refs));
    }

    private static StowageEvent roundTrip(StowageEvent e) throws Exception {
        return EventCodec.decode(EventCodec.encode(e));
    }

    @Test
    void everyFleetEventDecodesToAnEqualRecordOnItsTopic() throws Exception {
        List<StowageEvent> events = List.of(
                new StorePathsChanged(header("f-1"), List.of(new StorePathsChanged.Replacement(OLD, NEW)),
                        List.of(new StorePathsChanged.NewRoots("team/app", Platform.parse("linux/amd64"), List.of(APP))),
                        List.of(info(NEW), info(APP, NEW)), "hydra"),
                new FleetRebuildPlanned(header("f-1"), "change", List.of(new FleetRebuildPlanned.PlannedImage("team/app", "f-1.0"))),
                new FleetImageRebuilt(header("f-1"), "team/app", "f-1.0", 1, 4, 1234, true, Digest.ofBytes(new byte[1]), null),
                new FleetRebuildFinished(header("f-1"), 1, 1, 0, 1, 4, 1234));
        for (StowageEvent e : events) assertThat(roundTrip(e)).isEqualTo(e);
        assertThat(Topics.of(events.get(0))).isEqualTo("stowage.store-paths-changed");
        assertThat(events.subList(1, 4)).allSatisfy(e -> assertThat(Topics.of(e)).isEqualTo("stowage.fleet-rebuild"));
        assertThat(events.stream().map(StowageEvent::idempotencyKey)).doesNotHaveDuplicates();
    }

    @Test
    void aChangeMustCarryTheClosureOfEveryNewPath() {
        assertThatThrownBy(() -> new StorePathsChanged(header("f-2"), List.of(new StorePathsChanged.Replacement(OLD, NEW)),
                List.of(), List.of(info(APP)), "cli"))
                .hasMessageContaining("the closure lacks the new path " + NEW);
        assertThatThrownBy(() -> new StorePathsChanged(header("f-2"), List.of(), List.of(), List.of(info(APP)), "cli"))
                .hasMessageContaining("at least one replacement or new root");
        assertThatThrownBy(() -> new StorePathsChanged.Replacement(OLD, OLD)).hasMessageContaining("by itself");
        assertThatThrownBy(() -> new StorePathsChanged(header("f-2"), List.of(new StorePathsChanged.Replacement(OLD, NEW)),
                List.of(), List.of(info(APP, NEW)), "cli"))
                .hasMessageContaining("not in the closure");
    }
}
