package dev.stowage.assembler;

import dev.stowage.event.LayerBuilt;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Annotations;
import dev.stowage.oci.ContainerConfig;
import dev.stowage.oci.Digest;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.Platform;
import dev.stowage.spec.BaseImage;
import dev.stowage.spec.ImageSpec;
import java.util.ArrayList;
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
        return config(spec, null, platform, layers);
    }

    /** With a base image: its layers and history first, its config under the spec's (see {@link BaseConfigMerge}). */
    public static ImageConfig config(ImageSpec spec, BaseImage base, Platform platform, List<LayerBuilt> layers) {
        List<ImageConfig.History> history = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        ContainerConfig config = containerConfig(spec);
        if (base != null) {
            history.addAll(BaseConfigMerge.history(base));
            base.layers().forEach(l -> diffIds.add(l.diffId()));
            config = BaseConfigMerge.merge(base.config().config(), config);
        }
        layers.forEach(l -> history.add(new ImageConfig.History(spec.created(), "stowage", comment(l), false)));
        layers.forEach(l -> diffIds.add(l.diffId()));
        return new ImageConfig(spec.created(), platform.architecture(), platform.os(), platform.variant(), config,
                ImageConfig.RootFs.layers(diffIds), history);
    }

    private static String comment(LayerBuilt l) {
        String paths = l.paths().stream().map(StorePath::toString).collect(Collectors.joining(" "));
        return l.customisation() ? "customisation layer" + (paths.isEmpty() ? "" : ", links into " + paths) : "store paths: " + paths;
    }

    /**
     * The spec's config with the metadata as Labels (explicit Labels win) and, with {@code caBundle},
     * SSL_CERT_FILE and NIX_SSL_CERT_FILE pointing at the bundle unless the spec sets them.
     */
    static ContainerConfig containerConfig(ImageSpec spec) {
        ContainerConfig c = spec.config();
        Map<String, String> labels = new TreeMap<>(spec.metadata() == null ? Map.of() : spec.metadata().annotations());
        labels.putAll(c.labels());
        List<String> env = new ArrayList<>(c.env());
        if (spec.caBundle()) {
            for (String var : List.of("SSL_CERT_FILE", "NIX_SSL_CERT_FILE")) {
                if (env.stream().noneMatch(e -> e.startsWith(var + "="))) env.add(var + "=/etc/ssl/certs/ca-bundle.crt");
            }
        }
        return new ContainerConfig(env, c.cmd(), c.entrypoint(), c.workingDir(), c.user(), c.exposedPorts(), labels, c.volumes(),
                c.stopSignal());
    }

    public static ImageManifest manifest(ImageSpec spec, Descriptor config, List<LayerBuilt> layers) {
        return manifest(spec, null, config, layers);
    }

    /**
     * The base's layer descriptors as the base has them, then each built layer's blob with its
     * layer cache key ({@link Annotations#LAYER_KEY}) where the worker reported one.
     */
    public static ImageManifest manifest(ImageSpec spec, BaseImage base, Descriptor config, List<LayerBuilt> layers) {
        List<Descriptor> blobs = new ArrayList<>();
        if (base != null) base.layers().forEach(l -> blobs.add(l.blob()));
        layers.forEach(l -> blobs.add(layerDescriptor(l)));
        return ImageManifest.oci(config, blobs, BaseAnnotations.with(spec.effectiveAnnotations(), base));
    }

    static Descriptor layerDescriptor(LayerBuilt l) {
        if (l.cacheKey() == null) return l.blob();
        Map<String, String> annotations = new TreeMap<>(l.blob().annotations());
        annotations.put(Annotations.LAYER_KEY, l.cacheKey().toString());
        return l.blob().withAnnotations(annotations);
    }

    /**
     * The index over every platform's manifest, sorted by platform, with the spec's annotations plus
     * created and ref.name: a function of the image, never of how its input was written or where its
     * store paths came from (two specs of one image give one index).
     */
    public static ImageIndex index(ImageSpec spec, String tag, List<Descriptor> manifests) {
        Map<String, String> annotations = new TreeMap<>(spec.effectiveAnnotations());
        annotations.put(Annotations.CREATED, spec.created().toString());
        annotations.put(Annotations.REF_NAME, tag);
        List<Descriptor> sorted = manifests.stream()
                .sorted((a, b) -> a.platform().compareTo(b.platform()))
                .toList();
        return ImageIndex.oci(sorted, annotations);
    }
}
