package dev.stowage.assembler;

import dev.stowage.event.LayerBuilt;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Annotations;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.Platform;
import dev.stowage.spec.ImageSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Pure functions from a spec and built layers to the OCI documents of an image. Nothing here reads
 * a clock: {@code created} comes from the spec.
 */
public final class ImageDocuments {
    private ImageDocuments() {}

    /** The image config of one platform; {@code layers} ordered bottom first. */
    public static ImageConfig config(ImageSpec spec, Platform platform, List<LayerBuilt> layers) {
        List<ImageConfig.History> history = layers.stream()
                .map(l -> new ImageConfig.History(spec.created(), "stowage", "store paths: "
                        + l.paths().stream().map(StorePath::toString).collect(Collectors.joining(" ")), false))
                .toList();
        return new ImageConfig(spec.created(), platform.architecture(), platform.os(), platform.variant(), spec.config(),
                ImageConfig.RootFs.layers(layers.stream().map(LayerBuilt::diffId).toList()), history);
    }

    public static ImageManifest manifest(ImageSpec spec, Descriptor config, List<LayerBuilt> layers) {
        return ImageManifest.oci(config, layers.stream().map(LayerBuilt::blob).toList(), spec.annotations());
    }

    /** The index over every platform's manifest, sorted by platform, with the spec's annotations plus created and ref.name. */
    public static ImageIndex index(ImageSpec spec, String tag, List<Descriptor> manifests) {
        Map<String, String> annotations = new TreeMap<>(spec.annotations());
        annotations.put(Annotations.CREATED, spec.created().toString());
        annotations.put(Annotations.REF_NAME, tag);
        List<Descriptor> sorted = manifests.stream()
                .sorted((a, b) -> a.platform().compareTo(b.platform()))
                .toList();
        return ImageIndex.oci(sorted, annotations);
    }
}
