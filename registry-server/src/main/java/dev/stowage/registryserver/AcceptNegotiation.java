package dev.stowage.registryserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.blob.BlobStore;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
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
        boolean index = m.mediaType().equals(MediaTypes.OCI_INDEX) || m.mediaType().equals(MediaTypes.DOCKER_MANIFEST_LIST);
        if (!index || acceptsIndex(accept)) return m;
        Optional<Digest> child = amd64Child(Json.reader().readTree(m.bytes()));
        if (child.isEmpty()) return m;
        return StoredManifest.read(store, child.get()).orElseThrow(() -> new DistributionException(ErrorCode.MANIFEST_UNKNOWN,
                "the linux/amd64 manifest " + child.get() + " of index " + m.digest() + " is not in the store"));
    }

    private static Optional<Digest> amd64Child(JsonNode index) {
        for (JsonNode d : index.path("manifests")) {
            JsonNode p = d.path("platform");
            if (p.path("os").asText().equals("linux") && p.path("architecture").asText().equals("amd64") && d.path("digest").isTextual()) {
                return Optional.of(Digest.parse(d.get("digest").asText()));
            }
        }
        return Optional.empty();
    }
}
