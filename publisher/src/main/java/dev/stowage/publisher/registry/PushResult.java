package dev.stowage.publisher.registry;

import dev.stowage.oci.Digest;
import java.util.List;

/**
 * What a push did, summed over all targets: blobs uploaded, skipped because the registry had
 * them, and mounted from another repository; the pushed index digest and every tagged target.
 */
public record PushResult(Digest index, List<ImageReference> targets, int uploaded, int skipped, int mounted,
                         List<Digest> referrers) {
    public PushResult {
        targets = List.copyOf(targets);
        referrers = List.copyOf(referrers);
    }
}
