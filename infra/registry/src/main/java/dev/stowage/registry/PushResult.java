package dev.stowage.registry;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageName;
import java.util.List;

/**
 * What a push did, summed over all targets: blobs uploaded, skipped because the registry had
 * them, and mounted from another repository; the built index digest, what the tags point at
 * ({@code pushed}: the index, or a Docker manifest list when the registry refused the OCI index),
 * every tagged target and the referrers pushed.
 */
public record PushResult(Digest index, Descriptor pushed, boolean dockerFallback, List<ImageName> targets,
                         int uploaded, int skipped, int mounted, List<Digest> referrers) {
    public PushResult {
        targets = List.copyOf(targets);
        referrers = List.copyOf(referrers);
    }
}
