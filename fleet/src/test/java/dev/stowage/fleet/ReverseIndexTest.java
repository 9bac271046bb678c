package dev.stowage.fleet;

import static dev.stowage.fleet.TestInputs.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.event.StowageEvent;
import dev.stowage.oci.Platform;
import dev.stowage.spec.BuildInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReverseIndexTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    @TempDir Path tmp;

    @Test
    void findsTheLayersHoldingAPathOrAName() throws Exception {
        BuildInput app = input(tmp, "team/app", APP, appClosure());
        ReverseIndex index = new ReverseIndex();
        BuildEvents.published("b-1", app, 1, List.of(APP, SSL, LIBC, CACERT)).forEach(index::apply);
        List<ReverseIndex.Hit> hits = index.containing(SSL);
        assertThat(hits).singleElement().satisfies(h -> {
            assertThat(h.image()).isEqualTo("team/app");
            assertThat(h.layerIndex()).isEqualTo(1);
            assertThat(h.layer()).isEqualTo(BuildEvents.digest("blob" + SSL));
            assertThat(h.manifest()).isEqualTo(BuildEvents.digest("mb-1"));
        });
        assertThat(index.named("openssl-3.0.13")).isEqualTo(hits);
        assertThat(index.containing(CACERT)).singleElement().satisfies(h -> assertThat(h.layerIndex()).isEqualTo(3)); // not the customisation layer
        assertThat(index.imagesContaining(List.of(TOOL))).isEmpty();
    }

    @Test
    void anyOrderAndRepeatsGiveTheSameIndexAndTheLatestPublicationWins() throws Exception {
        BuildInput app = input(tmp, "team/app", APP, appClosure());
        List<StowageEvent> first = BuildEvents.published("b-1", app, 1, List.of(APP, SSL, LIBC, CACERT));
        List<StowageEvent> second = BuildEvents.published("b-2", app, 2, List.of(APP, SSL_FIXED, LIBC, CACERT));
        ReverseIndex inOrder = new ReverseIndex();
        first.forEach(inOrder::apply);
        second.forEach(inOrder::apply);
        List<StowageEvent> shuffled = new ArrayList<>(first);
        shuffled.addAll(second);
        shuffled.addAll(first);
        Collections.reverse(shuffled);
        ReverseIndex anyOrder = new ReverseIndex();
        shuffled.forEach(anyOrder::apply);
        for (ReverseIndex index : List.of(inOrder, anyOrder)) {
            assertThat(index.containing(SSL)).isEmpty();
            assertThat(index.containing(SSL_FIXED)).singleElement().satisfies(h -> assertThat(h.buildId()).isEqualTo("b-2"));
            assertThat(index.containing(LIBC)).hasSize(1);
        }
    }

    @Test
    void anUnpublishedBuildDoesNotCount() throws Exception {
        BuildInput app = input(tmp, "team/app", APP, appClosure());
        ReverseIndex index = new ReverseIndex();
        List<StowageEvent> events = BuildEvents.published("b-1", app, 1, List.of(APP, SSL, LIBC, CACERT));
        events.subList(0, events.size() - 1).forEach(index::apply);
        assertThat(index.containing(SSL)).isEmpty();
        index.apply(events.get(events.size() - 1));
        assertThat(index.containing(SSL)).hasSize(1);
    }
}
