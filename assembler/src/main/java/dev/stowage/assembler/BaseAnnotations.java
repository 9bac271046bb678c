package dev.stowage.assembler;

import dev.stowage.oci.Annotations;
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
    private static final String REGISTRY = "docker://";

    private BaseAnnotations() {}

    static Map<String, String> with(Map<String, String> annotations, BaseImage base) {
        if (base == null || !base.reference().startsWith(REGISTRY)) return annotations;
        Map<String, String> out = new TreeMap<>(annotations);
        out.put(Annotations.BASE_NAME, name(base.reference().substring(REGISTRY.length())));
        out.put(Annotations.BASE_DIGEST, base.manifest().toString());
        return out;
    }

    /** {@code host/repo:tag@digest} → {@code host/repo:tag}; a reference without a tag keeps its digest. */
    static String name(String pinned) {
        int at = pinned.indexOf('@');
        if (at < 0) return pinned;
        String named = pinned.substring(0, at);
        boolean tagged = named.lastIndexOf(':') > named.lastIndexOf('/');
        return tagged ? named : pinned;
    }
}
