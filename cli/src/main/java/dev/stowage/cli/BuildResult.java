package dev.stowage.cli;

import dev.stowage.assembler.finished.FinishedImage;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.Published;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import java.util.Comparator;
import java.util.List;

/** What {@code stowage build --json} prints. */
record BuildResult(String buildId, String name, String tag, Digest index, List<PlatformResult> platforms, List<Published.Destination> outputs) {

    record LayerResult(Digest digest, Digest diffId, long size, String mediaType, boolean cached, List<StorePath> paths) {}

    record PlatformResult(String platform, Digest manifest, Digest config, List<LayerResult> layers) {}

    static BuildResult of(String buildId, String name, String tag, Published published, List<ImageAssembled> images, List<LayerBuilt> layers) {
        List<PlatformResult> platforms = images.stream().sorted(Comparator.comparing(ImageAssembled::platform))
                .map(i -> new PlatformResult(i.platform().toString(), i.manifest().digest(), i.config().digest(),
                        layers.stream().filter(l -> l.platform().equals(i.platform()))
                                .sorted(Comparator.comparingInt(LayerBuilt::layerIndex))
                                .map(l -> new LayerResult(l.blob().digest(), l.diffId(), l.blob().size(), l.blob().mediaType(), l.cached(), l.paths()))
                                .toList()))
                .toList();
        return new BuildResult(buildId, name, tag, published.index(), platforms, published.destinations());
    }

    /** The result of publishing an image an earlier build of the same input assembled: every layer is cached. */
    static BuildResult of(String buildId, FinishedImage image, Published published) {
        List<PlatformResult> platforms = image.images().stream().sorted(Comparator.comparing(FinishedImage.Image::platform))
                .map(i -> new PlatformResult(i.platform().toString(), i.manifest().digest(), i.config().digest(), i.layers().stream()
                        .map(l -> new LayerResult(l.blob().digest(), l.diffId(), l.blob().size(), l.blob().mediaType(), true, l.paths()))
                        .toList()))
                .toList();
        return new BuildResult(buildId, image.name(), image.tag(), published.index(), platforms, published.destinations());
    }
}
