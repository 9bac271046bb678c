package dev.stowage.registryserver;

import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Digest;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;

/**
 * {@code GET/HEAD /v2/<name>/manifests/<tag|digest>}: a tag resolves through the name's repository
 * (which may build it); a digest is looked up in the blob store directly, once the name resolves.
 * Content-Type is the manifest's own mediaType, Docker-Content-Digest its digest.
 */
final class ManifestEndpoint implements Endpoint {
    private final Names names;
    private final BlobStore store;

    ManifestEndpoint(Names names, BlobStore store) {
        this.names = names;
        this.store = store;
    }

    @Override
    public void answer(HttpServerRequest req, Route route) throws IOException {
        ManifestReference ref = ManifestReference.parse(route.argument());
        Repository repo = names.resolve(route.name());
        Digest digest = ref.isDigest() ? ref.digest() : repo.resolve(ref.tag()).orElseThrow(() -> new DistributionException(
                ErrorCode.MANIFEST_UNKNOWN, "manifest unknown: " + route.name() + ":" + ref.tag()));
        StoredManifest m = StoredManifest.read(store, digest).orElseThrow(() -> new DistributionException(
                ErrorCode.MANIFEST_UNKNOWN, "manifest unknown: " + route.name() + "@" + digest));
        req.response().putHeader(Headers.CONTENT_DIGEST, m.digest().toString()).putHeader("ETag", "\"" + m.digest() + "\"");
        Bodies.end(req, m.mediaType(), m.bytes());
    }
}
