package dev.stowage.registry;

import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.DocumentSource;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.StoredImageReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Pushes manifest trees into one repository, children before parents: blobs, then each manifest
 * by digest, then the index — the stored bytes, so digests are preserved. A registry that refuses
 * an OCI media type gets the Docker form instead ({@link DockerFallback}); {@link #tree} returns
 * the document actually stored, which is what tags must point at. The documents are Stowage's,
 * read from the blob store strictly ({@link StoredImageReader#ours}).
 */
final class RepositoryPush {
    /** A manifest or index as stored in the registry: its descriptor and its bytes. */
    record Document(Descriptor descriptor, RequestBody body) {
        static Document of(String mediaType, byte[] bytes) {
            return new Document(Descriptor.of(mediaType, Digest.ofBytes(bytes), bytes.length), RequestBody.of(mediaType, bytes));
        }
    }

    private final RegistryCaller caller;
    private final BlobStore store;
    private final StoredImageReader reader;
    private final BlobUploader uploader;
    private final String repository;
    private final ExecutorService uploads;
    private final UploadsAhead ahead;
    private final Set<Digest> blobsDone = new HashSet<>();
    private final Map<Digest, Document> manifestsDone = new HashMap<>();
    private boolean refusesOciManifests;
    private boolean fellBack;
    int uploaded;
    int skipped;
    int mounted;

    RepositoryPush(RegistryCaller caller, BlobStore store, BlobUploader uploader, String repository, ExecutorService uploads,
            UploadsAhead ahead) {
        this.uploads = uploads;
        this.ahead = ahead;
        this.caller = caller;
        this.store = store;
        this.reader = StoredImageReader.ours(DocumentSource.of(store));
        this.uploader = uploader;
        this.repository = repository;
    }

    String repository() {
        return repository;
    }

    /** Whether any document went in its Docker form because the registry refused the OCI one. */
    boolean fellBack() {
        return fellBack;
    }

    Document tree(Descriptor manifest) {
        Document known = manifestsDone.get(manifest.digest());
        if (known != null) return known;
        Document pushed = MediaTypes.isIndex(manifest.mediaType()) ? index(manifest) : image(manifest);
        manifestsDone.put(manifest.digest(), pushed);
        return pushed;
    }

    private Document index(Descriptor index) {
        List<Descriptor> children = new ArrayList<>();
        boolean unchanged = true;
        for (Descriptor child : stored(index, () -> reader.index(index)).manifests()) {
            Descriptor pushed = tree(child).descriptor().withPlatform(child.platform());
            unchanged &= pushed.digest().equals(child.digest());
            children.add(pushed);
        }
        Document stored = new Document(index, body(index));
        if (unchanged && putUnlessRefused(stored)) return stored;
        fellBack = true;
        Document list = Document.of(MediaTypes.DOCKER_MANIFEST_LIST, DockerFallback.manifestList(children));
        put(list);
        return list;
    }

    private Document image(Descriptor manifest) {
        ImageManifest m = manifest(manifest);
        List<Descriptor> blobs = new ArrayList<>();
        blobs.add(m.config());
        blobs.addAll(m.layers());
        blobs(blobs);
        Document stored = new Document(manifest, body(manifest));
        boolean oci = MediaTypes.OCI_MANIFEST.equals(manifest.mediaType());
        if (!(oci && refusesOciManifests) && putUnlessRefused(stored)) return stored;
        if (!oci) throw new RegistryRejectedException("registry " + caller.registry() + " refused manifest "
                + manifest.digest().shortHex() + " of type " + manifest.mediaType() + " in " + repository, 415, List.of());
        refusesOciManifests = true;
        fellBack = true;
        Document docker = Document.of(MediaTypes.DOCKER_MANIFEST, DockerFallback.manifest(m, manifest.digest(), caller.registry()));
        put(docker);
        return docker;
    }

    /** Puts {@code doc} by digest unless the registry has it; false when the registry refuses its media type. */
    private boolean putUnlessRefused(Document doc) {
        try {
            put(doc);
            return true;
        } catch (RegistryRejectedException e) {
            if (DockerFallback.refusesMediaType(e)) return false;
            throw e;
        }
    }

    private void put(Document doc) {
        String digest = doc.descriptor().digest().toString();
        if (caller.call(new ManifestHead(repository, digest)).isEmpty()) {
            caller.call(new ManifestPut(repository, digest, doc.body()));
        }
    }

    void tag(Document doc, String tag) {
        caller.call(new ManifestPut(repository, tag, doc.body()));
    }

    /** A blob being put: by this push, or by an upload started ahead that this push claimed. */
    private record Running(Descriptor blob, Future<BlobUploader.Outcome> upload, boolean startedAhead) {}

    /**
     * Puts the blobs a manifest needs, several at once; returns when all are in (or throws the first
     * failure). A blob whose upload was started ahead is waited for here, in the calling thread (never
     * on the upload pool, whose threads it may be queued behind), and put again if that upload failed.
     */
    private void blobs(List<Descriptor> blobs) {
        List<Running> running = new ArrayList<>();
        for (Descriptor b : blobs) {
            if (!blobsDone.add(b.digest())) continue;
            running.add(ahead.claim(caller.registry(), repository, b.digest())
                    .map(f -> new Running(b, f, true))
                    .orElseGet(() -> new Running(b, uploads.submit(() -> uploader.push(repository, b)), false)));
        }
        RuntimeException first = null;
        for (Running r : running) {
            try {
                count(outcome(r));
            } catch (RuntimeException e) {
                if (first == null) first = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.forEach(x -> x.upload().cancel(true));
                throw new RegistryUnavailableException("interrupted while uploading to " + repository, null, e);
            }
        }
        if (first != null) throw first;
    }

    private BlobUploader.Outcome outcome(Running r) throws InterruptedException {
        try {
            return r.upload().get();
        } catch (ExecutionException e) {
            if (r.startedAhead()) return uploader.push(repository, r.blob());
            throw e.getCause() instanceof RuntimeException re ? re : new UncheckedIOException(new IOException(e.getCause()));
        } catch (CancellationException e) {
            if (r.startedAhead()) return uploader.push(repository, r.blob());
            throw e;
        }
    }

    private void count(BlobUploader.Outcome outcome) {
        switch (outcome) {
            case UPLOADED -> uploaded++;
            case SKIPPED -> skipped++;
            case MOUNTED -> mounted++;
        }
    }

    private RequestBody body(Descriptor manifest) {
        return new RequestBody(manifest.mediaType(), manifest.size(), () -> store.open(manifest.digest()));
    }

    /** The stored manifest {@code d} names (the referrers tag reads the artifacts' subjects from it). */
    ImageManifest manifest(Descriptor d) {
        return stored(d, () -> reader.manifest(d));
    }

    private <T> T stored(Descriptor d, DocumentRead<T> read) {
        try {
            return read.read();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + d.digest() + " from " + store.describe(), e);
        }
    }

    @FunctionalInterface
    private interface DocumentRead<T> {
        T read() throws IOException;
    }
}
