package dev.stowage.registry;

import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaTypes;
import java.util.List;
import java.util.Map;

/**
 * For registries that refuse OCI media types: the same image as a Docker manifest list and
 * Docker v2 schema 2 manifests. The config and layer blobs are the same bytes (same digests); the
 * documents are new (new digests) and carry no annotations, which the Docker formats lack.
 * zstd layers have no Docker media type, so such an image cannot fall back.
 */
final class DockerFallback {
    static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";

    private DockerFallback() {}

    /** Whether a manifest PUT was refused for its media type (415, or 400 MANIFEST_INVALID/UNSUPPORTED). */
    static boolean refusesMediaType(RegistryRejectedException e) {
        if (e.status() == 415) return true;
        return e.status() == 400 && (e.codes().contains("MANIFEST_INVALID") || e.codes().contains("UNSUPPORTED"));
    }

    /** A manifest list of {@code children} (each with its platform), canonical JSON. */
    static byte[] manifestList(List<Descriptor> children) {
        List<Descriptor> entries = children.stream()
                .map(c -> new Descriptor(c.mediaType(), c.digest(), c.size(), Map.of(), c.platform())).toList();
        return Json.canonicalBytes(new ImageIndex(2, MediaTypes.DOCKER_MANIFEST_LIST, entries, Map.of()));
    }

    /** {@code m} as a Docker v2 schema 2 manifest; refused for layers Docker cannot describe (zstd). */
    static byte[] manifest(ImageManifest m, Digest original, String registry) {
        Descriptor config = Descriptor.of(MediaTypes.DOCKER_CONFIG, m.config().digest(), m.config().size());
        List<Descriptor> layers = m.layers().stream().map(l -> Descriptor.of(layerType(l, original, registry), l.digest(), l.size())).toList();
        return Json.canonicalBytes(new ImageManifest(2, MediaTypes.DOCKER_MANIFEST, null, config, layers, null, Map.of()));
    }

    private static String layerType(Descriptor layer, Digest manifest, String registry) {
        return switch (layer.mediaType()) {
            case MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP -> MediaTypes.DOCKER_LAYER_GZIP;
            case MediaTypes.OCI_LAYER_TAR, DOCKER_LAYER_TAR -> DOCKER_LAYER_TAR;
            default -> throw new RegistryRejectedException("registry " + registry + " refuses OCI manifests and manifest "
                    + manifest.shortHex() + " has a " + layer.mediaType() + " layer, which a Docker v2 manifest cannot describe"
                    + " (build with \"compression\": \"gzip\" for this registry)", 415, List.of("UNSUPPORTED"));
        };
    }
}
