package dev.stowage.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An OCI image manifest (schema version 2). */
public record ImageManifest(
        int schemaVersion,
        String mediaType,
        Descriptor config,
        List<Descriptor> layers,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations) {

    public ImageManifest {
        layers = List.copyOf(layers);
        annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public static ImageManifest oci(Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
        return new ImageManifest(2, MediaTypes.OCI_MANIFEST, config, layers, annotations);
    }
}
