package dev.stowage.assembler;

import dev.stowage.oci.Annotations;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.ImageName;
import dev.stowage.spec.BaseImage;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OCI base-image annotations of a manifest built on a registry base:
 * {@code org.opencontainers.image.base.name} (the name it was pulled by, {@code host/repo:tag})
 * and {@code org.opencontainers.image.base.digest} (the platform manifest actually used). Bases
 * from local files have no registry name and get none.
 */
final class BaseAnnotations {
    private BaseAnnotations() {}

    static Map<String, String> with(Map<String, String> annotations, BaseImage base) {
        if (base == null || !base.reference().startsWith(ImageLocation.DOCKER)) return annotations;
        Map<String, String> out = new TreeMap<>(annotations);
        out.put(Annotations.BASE_NAME, name(base.reference().substring(ImageLocation.DOCKER.length())));
        out.put(Annotations.BASE_DIGEST, base.manifest().toString());
        return out;
    }

    /** {@code host/repo:tag@digest} → {@code host/repo:tag}; a reference without a tag keeps its digest. */
    static String name(String pinned) {
        return ImageName.parse(pinned).pulledName();
    }
}
