package dev.stowage.assembler.finished;

import dev.stowage.nix.StorePath;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a build input assembled to: the index, its tags and referrers (SBOMs, provenance), and per
 * platform the manifest, config and layers. Kept in the blob store by {@link FinishedImages} so a
 * later build of the same input can publish it without planning, encoding or assembling again.
 * {@code format} marks the document (the collector keeps it while the image it names is kept).
 */
public record FinishedImage(String format, String name, String tag, List<String> tags, Descriptor index, List<Descriptor> referrers,
        List<Image> images) {
    public static final String FORMAT = "stowage-finished-image/v1";

    /** One platform's image; {@code layers} in manifest order. */
    public record Image(Platform platform, Descriptor manifest, Descriptor config, List<Layer> layers) {
        public Image {
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(manifest, "manifest");
            Objects.requireNonNull(config, "config");
            layers = layers == null ? List.of() : List.copyOf(layers);
        }
    }

    /** A layer's blob, its diffID and the store paths it holds. */
    public record Layer(Descriptor blob, Digest diffId, List<StorePath> paths) {
        public Layer {
            Objects.requireNonNull(blob, "blob");
            Objects.requireNonNull(diffId, "diffId");
            paths = paths == null ? List.of() : List.copyOf(paths);
        }
    }

    public FinishedImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(index, "index");
        tags = tags == null || tags.isEmpty() ? List.of(tag) : List.copyOf(tags);
        referrers = referrers == null ? List.of() : List.copyOf(referrers);
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** Every blob the image is made of, the index first. */
    public List<Digest> blobs() {
        List<Digest> out = new ArrayList<>();
        out.add(index.digest());
        for (Image i : images) {
            out.add(i.manifest().digest());
            out.add(i.config().digest());
            i.layers().forEach(l -> out.add(l.blob().digest()));
        }
        referrers.forEach(r -> out.add(r.digest()));
        return out;
    }
}
