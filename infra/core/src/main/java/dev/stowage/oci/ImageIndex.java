package dev.stowage.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An OCI image index: the multi-platform image, or the {@code index.json} of an OCI layout. */
public record ImageIndex(
        int schemaVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL) String mediaType,
        List<Descriptor> manifests,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations) {

    public ImageIndex {
        manifests = List.copyOf(manifests);
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    /**
     * The first entry built for {@code platform}: os and architecture equal, the variant compared
     * only when both the entry and {@code platform} have one. Entries without a platform never match.
     */
    public Optional<Descriptor> manifestFor(Platform platform) {
        return manifests.stream()
                .filter(d -> d.platform() != null && d.platform().os().equals(platform.os())
                        && d.platform().architecture().equals(platform.architecture())
                        && (platform.variant() == null || d.platform().variant() == null || platform.variant().equals(d.platform().variant())))
                .findFirst();
    }

    public static ImageIndex oci(List<Descriptor> manifests, Map<String, String> annotations) {
        return new ImageIndex(2, MediaTypes.OCI_INDEX, manifests, annotations);
    }
}
