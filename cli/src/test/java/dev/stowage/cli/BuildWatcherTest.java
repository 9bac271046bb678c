package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.bus.AuditLog;
import dev.stowage.bus.InProcessEventBus;
import dev.stowage.event.EventHeader;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The build's outcome and the images and layers its result is made of come on different topics,
 * so a {@code Published} can be delivered before them; the result must still hold all of them
 * ({@code stowage build --json} once printed a build without its platforms).
 */
class BuildWatcherTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final String BUILD = "b-late-details";

    private static EventHeader header() {
        return EventHeader.create(BUILD, "test", Clock.systemUTC());
    }

    private static Digest digest(String s) {
        return Digest.ofBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static LayerBuilt layer(int index) {
        Descriptor blob = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, digest("blob" + index), 10);
        return new LayerBuilt(header(), AMD64, index, 2, digest("key" + index), List.of(), digest("diff" + index), 20, blob, false);
    }

    @Test
    void aPublishedThatOvertakesItsImageAndLayersWaitsForThem() throws Exception {
        try (InProcessEventBus bus = InProcessEventBus.withAuditLog(AuditLog.none());
                BuildWatcher watcher = new BuildWatcher(bus, BUILD, l -> {})) {
            bus.publish(new Published(header(), digest("index"), List.of()));
            assertThat(watcher.await(Duration.ofSeconds(10))).isInstanceOf(Published.class); // the outcome is in, its details are not

            CompletableFuture<StowageEvent> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    return watcher.await(Duration.ofSeconds(10), Map.of(AMD64, 2));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Descriptor manifest = Descriptor.of(MediaTypes.OCI_MANIFEST, digest("manifest"), 100);
            bus.publish(new ImageAssembled(header(), AMD64, manifest, Descriptor.of(MediaTypes.OCI_CONFIG, digest("config"), 50)));
            bus.publish(layer(0));
            assertThat(outcome).isNotDone(); // one layer of two
            bus.publish(layer(1));

            assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(Published.class);
            assertThat(watcher.images()).extracting(ImageAssembled::platform).containsExactly(AMD64);
            assertThat(watcher.layers()).extracting(LayerBuilt::layerIndex).containsExactlyInAnyOrder(0, 1);
        }
    }
}
