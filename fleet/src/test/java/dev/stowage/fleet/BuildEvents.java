package dev.stowage.fleet;

import static dev.stowage.fleet.TestInputs.CACERT;
import static dev.stowage.fleet.TestInputs.header;

import dev.stowage.event.BuildRequested;
import dev.stowage.event.EventHeader;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.spec.BuildInput;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The events the pipeline emits for one published build, made by hand for tests of their consumers. */
final class BuildEvents {
    static final Platform AMD64 = Platform.parse("linux/amd64");

    private BuildEvents() {}

    static Digest digest(String s) {
        return Digest.ofBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The events of one published build: request, one layer per path (+ a customisation layer), manifest, published at {@code second}. */
    static List<StowageEvent> published(String buildId, BuildInput input, int second, List<StorePath> layerPaths) {
        Clock at = Clock.fixed(Instant.ofEpochSecond(second), ZoneOffset.UTC);
        List<StowageEvent> events = new ArrayList<>();
        events.add(new BuildRequested(header(buildId), input, List.of(ImageLocation.parse("oci:/tmp/x"))));
        int count = layerPaths.size() + 1;
        for (int i = 0; i < layerPaths.size(); i++) {
            events.add(new LayerBuilt(header(buildId), AMD64, i, count, digest("key" + layerPaths.get(i)), List.of(layerPaths.get(i)),
                    digest("diff" + layerPaths.get(i)), 10, Descriptor.of(MediaTypes.OCI_LAYER_GZIP, digest("blob" + layerPaths.get(i)), 5), i > 0));
        }
        events.add(new LayerBuilt(header(buildId), AMD64, layerPaths.size(), count, digest("custom"), List.of(CACERT),
                digest("custom-diff"), 10, Descriptor.of(MediaTypes.OCI_LAYER_GZIP, digest("custom-blob"), 5), false, true));
        events.add(new ImageAssembled(header(buildId), AMD64, Descriptor.of(MediaTypes.OCI_MANIFEST, digest("m" + buildId), 3),
                Descriptor.of(MediaTypes.OCI_CONFIG, digest("c" + buildId), 3)));
        events.add(new Published(EventHeader.create(buildId, "p", at), digest("i" + buildId), List.of()));
        return events;
    }
}
