package dev.stowage.registryserver;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.util.List;

/** The artifact manifests (SBOMs, provenance) attached to a subject, each descriptor with its {@code artifactType}. */
@FunctionalInterface
public interface Referrers {
    List<Descriptor> of(Digest subject) throws IOException;

    static Referrers none() {
        return subject -> List.of();
    }
}
