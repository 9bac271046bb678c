package dev.stowage.registry;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageName;
import java.util.List;

/**
 * An image whose blobs and manifests are all in one repository, by digest, and nothing tagged
 * yet: the first half of a push ({@link RegistryPusher#prepare}); {@link RegistryPusher#tag} ends it.
 */
public final class PreparedPush {
    private final ImageName target;
    private final Descriptor index;
    private final RepositoryPush repository;
    private final RepositoryPush.Document top;
    private final List<Descriptor> referrers;

    PreparedPush(ImageName target, Descriptor index, RepositoryPush repository, RepositoryPush.Document top, List<Descriptor> referrers) {
        this.target = target;
        this.index = index;
        this.repository = repository;
        this.top = top;
        this.referrers = List.copyOf(referrers);
    }

    public ImageName target() {
        return target;
    }

    /** The index as built (its digest is the image's digest everywhere the registry takes OCI). */
    public Descriptor index() {
        return index;
    }

    /** What the tags will point at: the index, or the Docker manifest list made for a registry that refused it. */
    public Descriptor pushed() {
        return top.descriptor();
    }

    /** Whether the registry refused OCI media types and got the Docker forms (no annotations, no referrers). */
    public boolean dockerFallback() {
        return repository.fellBack();
    }

    /** The referrers pushed by digest (none after a Docker fallback). */
    public List<Descriptor> referrers() {
        return referrers;
    }

    RepositoryPush repository() {
        return repository;
    }

    RepositoryPush.Document top() {
        return top;
    }
}
