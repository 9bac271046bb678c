package dev.stowage.registryserver;

import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.DocumentSource;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.oci.StoredImageReader;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a client that cannot read an index gets: when its {@code Accept} header is present and names
 * neither index media type (OCI image index, Docker manifest list) nor a wildcard, an index is
 * answered with its {@code linux/amd64} child manifest (its own digest and media type), what old
 * clients pulled before multi-arch images. No {@code Accept} at all means anything goes; several Accept headers count as one list.
 */
final class AcceptNegotiation {
    private static final Platform AMD64 = new Platform("linux", "amd64", null);

    private AcceptNegotiation() {}

    /** {@code accept}: every Accept header of the request (clients such as skopeo send one per type). */
    static boolean acceptsIndex(List<String> accept) {
        if (accept.stream().allMatch(String::isBlank)) return true;
        for (String part : String.join(",", accept).split(",")) {
            String type = part.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (type.equals(MediaTypes.OCI_INDEX) || type.equals(MediaTypes.DOCKER_MANIFEST_LIST) || type.equals("*/*")
                    || type.equals("application/*")) return true;
        }
        return false;
    }

    /** {@code m} itself, or its linux/amd64 child when {@code m} is an index the client does not accept. */
    static StoredManifest choose(BlobStore store, StoredManifest m, List<String> accept) throws IOException {
        if (!MediaTypes.isIndex(m.mediaType()) || acceptsIndex(accept)) return m;
        Optional<Descriptor> child = StoredImageReader.ours(DocumentSource.of(store)).index(m.descriptor(), m.bytes()).manifestFor(AMD64);
        if (child.isEmpty()) return m;
        return StoredManifest.read(store, child.get().digest()).orElseThrow(() -> new DistributionException(ErrorCode.MANIFEST_UNKNOWN,
                "the linux/amd64 manifest " + child.get().digest() + " of index " + m.digest() + " is not in the store"));
    }
}
