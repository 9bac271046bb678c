package dev.stowage.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** The OCI image configuration blob. */
public record ImageConfig(
        Instant created,
        String architecture,
        String os,
        @JsonInclude(JsonInclude.Include.NON_NULL) String variant,
        ContainerConfig config,
        RootFs rootfs,
        List<History> history) {

    public ImageConfig {
        history = List.copyOf(history);
    }

    public record RootFs(String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
        public RootFs {
            diffIds = List.copyOf(diffIds);
        }

        public static RootFs layers(List<Digest> diffIds) {
            return new RootFs("layers", diffIds);
        }
    }

    /** A history entry; {@code empty_layer} is written only when true (absent means false). */
    public record History(
            Instant created,
            @JsonProperty("created_by") String createdBy,
            String comment,
            @JsonProperty("empty_layer") Boolean emptyLayer) {
        public History {
            emptyLayer = Boolean.TRUE.equals(emptyLayer) ? Boolean.TRUE : null;
        }

        public History(Instant created, String createdBy, String comment, boolean emptyLayer) {
            this(created, createdBy, comment, Boolean.valueOf(emptyLayer));
        }
    }
}
