package dev.stowage.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OCI image manifest (schema version 2). With {@code artifactType} and {@code subject} it is an
 * OCI 1.1 artifact manifest attached to another manifest or index (an SBOM, a provenance record).
 */
public record ImageManifest(
        int schemaVersion,
        String mediaType,
        @JsonInclude(JsonInclude.Include.NON_NULL) String artifactType,
        Descriptor config,
        List<Descriptor> layers,
        @JsonInclude(JsonInclude.Include.NON_NULL) Descriptor subject,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations) {

    public ImageManifest {
        layers = List.copyOf(layers);
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public static ImageManifest oci(Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
        return new ImageManifest(2, MediaTypes.OCI_MANIFEST, null, config, layers, null, annotations);
    }

    /** An artifact of {@code artifactType} holding {@code blob}, attached to {@code subject}; its config is the empty descriptor. */
    public static ImageManifest artifact(String artifactType, Descriptor blob, Descriptor subject, Map<String, String> annotations) {
        return new ImageManifest(2, MediaTypes.OCI_MANIFEST, artifactType, MediaTypes.emptyDescriptor(), List.of(blob),
                subject, annotations);
    }
}
