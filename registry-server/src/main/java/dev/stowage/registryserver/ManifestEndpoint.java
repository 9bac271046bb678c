package dev.stowage.registryserver;

import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET/HEAD /v2/<name>/manifests/<tag|digest>}: a tag resolves through the name's repository
 * (which may build it); a digest is served only if it belongs to the name
 * ({@link RepositoryContents}). Content-Type is the manifest's own mediaType, Docker-Content-Digest
 * its digest; by tag, an index goes to a client whose Accept has no index type as its linux/amd64
 * child ({@link AcceptNegotiation}). A tag the name
 * does not have but that the referrers tag schema reads ({@code sha256-<hex>}) answers the
 * subject's referrers index when it has referrers.
 */
final class ManifestEndpoint implements Endpoint {
    private final Names names;
    private final BlobStore store;
    private final Referrers referrers;
    private final RepositoryContents contents;

    ManifestEndpoint(Names names, BlobStore store, Referrers referrers, RepositoryContents contents) {
        this.names = names;
        this.store = store;
        this.referrers = referrers;
        this.contents = contents;
    }

    @Override
    public void answer(HttpServerRequest req, Route route) throws IOException {
        ManifestReference ref = ManifestReference.parse(route.argument());
        Repository repo = names.resolve(route.name());
        Optional<Digest> resolved = ref.isDigest() ? Optional.of(ref.digest()) : repo.resolve(ref.tag());
        if (resolved.isEmpty() && referrersTag(req, ref.tag())) return;
        Digest digest = resolved.orElseThrow(() -> new DistributionException(
                ErrorCode.MANIFEST_UNKNOWN, "manifest unknown: " + route.name() + ":" + ref.tag()));
        if (ref.isDigest() && !contents.contains(repo, digest, RepositoryContents.Kind.MANIFEST)) {
            throw new DistributionException(ErrorCode.MANIFEST_UNKNOWN, "manifest unknown to repository " + route.name() + ": " + digest);
        }
        StoredManifest stored = StoredManifest.read(store, digest).orElseThrow(() -> new DistributionException(
                ErrorCode.MANIFEST_UNKNOWN, "manifest unknown: " + route.name() + "@" + digest));
        // by digest the client gets exactly that digest; by tag what its Accept can read
        StoredManifest m = ref.isDigest() ? stored : AcceptNegotiation.choose(store, stored, req.headers().getAll("Accept"));
        req.response().putHeader(Headers.CONTENT_DIGEST, m.digest().toString()).putHeader("ETag", "\"" + m.digest() + "\"");
        Bodies.end(req, m.mediaType(), m.bytes());
    }

    /** Answers a referrers tag with its subject's referrers index; false when the tag is none or the subject has no referrers. */
    private boolean referrersTag(HttpServerRequest req, String tag) throws IOException {
        Optional<Digest> subject = ReferrersIndex.subjectOfTag(tag);
        if (subject.isEmpty()) return false;
        List<Descriptor> found = referrers.of(subject.get());
        if (found.isEmpty()) return false;
        byte[] index = ReferrersIndex.bytes(found);
        Digest digest = Digest.ofBytes(index);
        req.response().putHeader(Headers.CONTENT_DIGEST, digest.toString()).putHeader("ETag", "\"" + digest + "\"");
        Bodies.end(req, MediaTypes.OCI_INDEX, index);
        return true;
    }
}
