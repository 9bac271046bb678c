package dev.stowage.publisher.base;

import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.Platform;
import dev.stowage.spec.BaseImage;
import java.util.ArrayList;
import java.util.List;

/** Checks shared by the base image readers. */
final class BaseImages {
    private BaseImages() {}

    static ImageConfig config(String reference, byte[] json) {
        try {
            return Json.readLenient(json, ImageConfig.class);
        } catch (RuntimeException e) {
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
}
