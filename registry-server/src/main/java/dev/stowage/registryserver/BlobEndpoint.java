package dev.stowage.registryserver;

import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Digest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code GET/HEAD /v2/<name>/blobs/<digest>}: only a config or layer of the name's manifests
 * ({@link RepositoryContents}), streamed from the blob store with back-pressure;
 * one {@code Range} gives 206 with Content-Range. The whole blob is verified against its digest as
 * it streams: a mismatch breaks the transfer, so no client keeps bad bytes. With redirects on and
 * a store that has read URLs (S3), a GET (ranged or not) is answered 307 to a presigned URL, once
 * the blob's size was read (which restores a blob deleted recoverably); HEAD is always answered here.
 */
final class BlobEndpoint implements Endpoint {
    private final Names names;
    private final BlobStore store;
    private final RepositoryContents contents;
    private final Optional<Duration> redirectTtl;

    /** {@code redirectTtl}: how long a redirect's URL is valid; empty to always stream. */
    BlobEndpoint(Names names, BlobStore store, RepositoryContents contents, Optional<Duration> redirectTtl) {
        this.names = names;
        this.store = store;
        this.contents = contents;
        this.redirectTtl = redirectTtl;
    }

    @Override
    public void answer(HttpServerRequest req, Route route) throws IOException {
        Digest digest = Digests.parse(route.argument());
        Repository repo = names.resolve(route.name());
        if (!contents.contains(repo, digest, RepositoryContents.Kind.BLOB)) {
            throw new DistributionException(ErrorCode.BLOB_UNKNOWN, "blob unknown to repository " + route.name() + ": " + digest);
        }
        long size;
        try {
            size = store.size(digest);
        } catch (BlobNotFoundException e) {
            throw new DistributionException(ErrorCode.BLOB_UNKNOWN, "blob unknown to registry: " + digest);
        }
        HttpServerResponse r = req.response();
        if (req.method() == HttpMethod.GET && redirectTtl.isPresent()) {
            Optional<URI> url = store.readUrl(digest, redirectTtl.get());
            if (url.isPresent()) {
                // the URL carries a signature: it is answered, never logged
                r.setStatusCode(307).putHeader("Location", url.get().toString()).putHeader(Headers.CONTENT_DIGEST, digest.toString())
                        .putHeader("Cache-Control", "no-store").putHeader("Content-Length", "0").end();
                return;
            }
        }
        Optional<ByteRange> range = ByteRange.parse(req.getHeader("Range"), size);
        r.putHeader(Headers.CONTENT_DIGEST, digest.toString()).putHeader("Content-Type", "application/octet-stream")
                .putHeader("Accept-Ranges", "bytes").putHeader("ETag", "\"" + digest + "\"");
        long length = range.map(ByteRange::length).orElse(size);
        r.putHeader("Content-Length", Long.toString(length));
        range.ifPresent(b -> r.setStatusCode(206).putHeader("Content-Range", "bytes " + b.first() + "-" + b.last() + "/" + size));
        if (req.method() == HttpMethod.HEAD) {
            r.end();
            return;
        }
        BackPressuredCopy copy = new BackPressuredCopy(r);
        try (InputStream in = store.open(digest)) {
            long first = range.map(ByteRange::first).orElse(0L);
            in.skipNBytes(first);
            copy.copy(in, length, first + length == size);
        }
        r.end();
    }
}
