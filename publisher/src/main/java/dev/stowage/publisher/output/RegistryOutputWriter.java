package dev.stowage.publisher.output;

import dev.stowage.blob.BlobStore;
import dev.stowage.error.RefusedException;
import dev.stowage.error.TransientException;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.Published;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.ImageName;
import dev.stowage.registry.PreparedPush;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.RegistryPusher;
import java.util.List;
import java.util.Map;

/**
 * {@code docker://REF} outputs through a {@link RegistryPusher}. {@link #stage} puts the image's
 * content into the repository by digest; the staged output's commit tags it — so no tag anywhere points at an
 * image before every registry output has all of its content. A reference with a tag gets that tag;
 * one without gets every tag of the event. The destination's digest is what the tag points at:
 * the index, or the Docker manifest list a registry that refused the OCI index got.
 */
public final class RegistryOutputWriter implements OutputWriter<ImageLocation.Registry> {
    private final BlobStore store;
    private final RegistryPusher pusher;

    public RegistryOutputWriter(BlobStore store, RegistryPusher pusher) {
        this.store = store;
        this.pusher = pusher;
    }

    @Override
    public StagedOutput stage(IndexAssembled event, ImageLocation.Registry target, Map<Digest, Long> uncompressedSizes) {
        ImageName ref = target.target();
        PreparedPush prepared;
        try {
            prepared = pusher.prepare(store, event.index(), ref, event.referrers());
        } catch (RegistryException e) {
            throw failure(target, e);
        }
        return StagedOutput.of(() -> {
            List<String> tags = target.tags(event.tags());
            try {
                pusher.tag(prepared, tags);
            } catch (RegistryException e) {
                throw failure(target, e);
            }
            ImageName primary = prepared.target().withTag(tags.get(0));
            return new Published.Destination(target, primary.toString(), prepared.pushed().digest(), prepared.pushed().mediaType());
        });
    }

    /** A registry's answer as the pipeline's error: an outage is retried by the bus, a refusal is not. */
    private static RuntimeException failure(ImageLocation target, RegistryException e) {
        return e.retryable()
                ? new TransientException(target + ": " + e.getMessage(), e)
                : new RefusedException(target.toString(), e.getMessage(), e);
    }
}
