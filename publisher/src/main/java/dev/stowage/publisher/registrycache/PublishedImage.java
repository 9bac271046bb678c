package dev.stowage.publisher.registrycache;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import java.util.List;
import java.util.Optional;

/**
 * What a registry reference holds of an image Stowage published: the digest of the document the
 * reference points at, the layers usable as cache entries, and the layer blobs its
 * manifests list that the registry does not have.
 */
public record PublishedImage(Digest top, List<PublishedLayer> layers, List<Descriptor> missing) {
    public PublishedImage {
        layers = List.copyOf(layers);
        missing = List.copyOf(missing);
    }

    /** Every manifest, config and layer blob the image names is in the repository. */
    public boolean complete() {
        return missing.isEmpty();
    }

    public Optional<PublishedLayer> layer(Digest key) {
        return layers.stream().filter(l -> l.key().equals(key)).findFirst();
    }
}
