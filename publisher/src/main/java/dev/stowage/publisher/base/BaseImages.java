package dev.stowage.publisher.base;

import dev.stowage.error.BadInputException;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.InvalidDocumentException;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.oci.StoredImageReader;
import dev.stowage.spec.BaseImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks shared by the base image readers. A base image is another tool's: its documents are read
 * with {@link StoredImageReader#foreign}.
 */
final class BaseImages {
    private BaseImages() {}

    /** The base's image config, read and verified; one that is not a valid config is bad input. */
    static ImageConfig config(String reference, StoredImageReader reader, Descriptor config) throws IOException {
        try {
            return reader.config(config);
        } catch (InvalidDocumentException e) {
            throw new BadInputException("fromImage", reference + ": the image config is not valid: " + e.getMessage(), e);
        }
    }

    /** The base must be built for the platform it is used for (variant compared only when both have one). */
    static void requirePlatform(String reference, ImageConfig config, Platform platform) {
        boolean os = platform.os().equals(config.os());
        boolean arch = platform.architecture().equals(config.architecture());
        boolean variant = platform.variant() == null || config.variant() == null || platform.variant().equals(config.variant());
        if (!(os && arch && variant)) {
            throw new BadInputException("fromImage", reference + " is " + config.os() + "/" + config.architecture()
                    + (config.variant() == null ? "" : "/" + config.variant()) + ", not " + platform);
        }
    }

    static List<BaseImage.Layer> layers(String reference, List<Descriptor> blobs, ImageConfig config) {
        if (blobs.size() != config.rootfs().diffIds().size()) {
            throw new BadInputException("fromImage", reference + " has " + blobs.size() + " layers but " + config.rootfs().diffIds().size() + " diff_ids");
        }
        List<BaseImage.Layer> out = new ArrayList<>();
        for (int i = 0; i < blobs.size(); i++) out.add(new BaseImage.Layer(blobs.get(i), config.rootfs().diffIds().get(i)));
        return out;
    }

    /** The index entry for {@code platform} (variant compared only when both have one). */
    static Descriptor forPlatform(String reference, ImageIndex index, Platform platform) {
        return index.manifestFor(platform).orElseThrow(() -> new BadInputException("fromImage", reference + " has no image for " + platform));
    }

    /**
     * Layer descriptors as OCI ones: Docker v2 layer types become their OCI equivalents (same
     * bytes, same digest); foreign (non-distributable) layers are refused.
     */
    static List<Descriptor> ociLayers(String reference, List<Descriptor> layers) {
        List<Descriptor> out = new ArrayList<>();
        for (Descriptor d : layers) {
            String type = switch (d.mediaType()) {
                case MediaTypes.DOCKER_LAYER_GZIP -> MediaTypes.OCI_LAYER_GZIP;
                case DOCKER_LAYER_TAR -> MediaTypes.OCI_LAYER_TAR;
                case MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_LAYER_TAR, MediaTypes.OCI_LAYER_ZSTD -> d.mediaType();
                default -> throw new BadInputException("fromImage", reference + " has a layer of unsupported media type " + d.mediaType());
            };
            out.add(Descriptor.of(type, d.digest(), d.size()));
        }
        return out;
    }

    private static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
}
