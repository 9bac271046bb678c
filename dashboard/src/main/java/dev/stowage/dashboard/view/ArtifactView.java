package dev.stowage.dashboard.view;

import dev.stowage.oci.MediaTypes;

/** An artifact attached to an image: its kind ({@code sbom}, {@code provenance} or {@code artifact}), artifact type and manifest digest. */
public record ArtifactView(String kind, String artifactType, String digest) {
    static ArtifactView of(String artifactType, String digest) {
        String kind = MediaTypes.CYCLONEDX_JSON.equals(artifactType) ? "sbom"
                : MediaTypes.IN_TOTO_JSON.equals(artifactType) ? "provenance" : "artifact";
        return new ArtifactView(kind, artifactType, digest);
    }
}
