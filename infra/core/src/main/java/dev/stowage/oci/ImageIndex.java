package dev.stowage.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An OCI image index: the multi-platform image, or the {@code index.json} of an OCI layout. */
public record ImageIndex(
        int schemaVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL) String mediaType,
        List<Descriptor> manifests,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations) {

    public ImageIndex {
        manifests = List.copyOf(manifests);
        annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public static ImageIndex oci(List<Descriptor> manifests, Map<String, String> annotations) {
        return new ImageIndex(2, MediaTypes.OCI_INDEX, manifests, annotations);
    }
}
