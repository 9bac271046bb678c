package dev.stowage.blob;

import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Content-addressed storage for blobs (layers, configs, manifests, indexes). A blob becomes
 * visible under its digest only once complete and verified; reads verify the digest at the end
 * of the stream. Selectors are small digest-to-digest pointers (as Jib's cache selectors): a
 * layer cache key points at the blob holding the built layer's record.
 */
public interface BlobStore extends AutoCloseable {

    boolean exists(Digest digest) throws IOException;

    /**
     * Those of {@code digests} that are not stored, in the order given: {@link #exists} of each. A
     * store where each check is a round trip asks several at once.
     */
    default List<Digest> missing(Collection<Digest> digests) throws IOException {
        List<Digest> missing = new ArrayList<>();
        for (Digest d : digests) if (!exists(d)) missing.add(d);
        return missing;
    }

    /** Size of a stored blob; {@link BlobNotFoundException} if absent. */
    long size(Digest digest) throws IOException;

    /** Opens a blob; the stream throws {@link DigestMismatchException} at its end if the bytes are not the digest's. */
    InputStream open(Digest digest) throws IOException;

    /** Starts a streaming write; the digest is computed while writing. */
    BlobWriter writer() throws IOException;

    /**
     * Stores a small blob from memory (configs, manifests); when it exists it is only touched, so
     * a garbage collector's grace period protects it as if it had just been written.
     */
    default BlobRef put(byte[] bytes) throws IOException {
        Digest d = Digest.ofBytes(bytes);
        if (exists(d) && touchIfStored(d)) return new BlobRef(d, bytes.length);
        try (BlobWriter w = writer()) {
            w.stream().write(bytes);
            return w.commit(d);
        }
    }

    default byte[] readAll(Digest digest) throws IOException {
        try (InputStream in = open(digest)) {
            return in.readAllBytes();
        }
    }

    Optional<Digest> readSelector(Digest selector) throws IOException;

    void writeSelector(Digest selector, Digest target) throws IOException;

    // Inventory and deletion, for garbage collection ("stowage gc"). A store that cannot list
    // refuses; the collector then stops before deleting anything.

    /** Every blob with its size and last-modified time, in no particular order. */
    default List<StoredBlob> list() throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot list its blobs");
    }

    /** Every selector with its last-modified time. */
    default List<StoredSelector> listSelectors() throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot list its selectors");
    }

    /** Writes in progress or abandoned: temporary files, objects and multipart uploads. */
    default List<StagedUpload> listStaged() throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot list its staged uploads");
    }

    /**
     * Deletes blobs recoverably (absent ones are skipped): each is set aside, and any use of it by
     * digest ({@link #exists}, {@link #open}, {@link #size}, {@link #touch}, {@link #localFile})
     * puts it back. A build that reuses a blob
     * at the very moment a collector deletes it so loses nothing; {@link #purge} removes set-aside
     * blobs for good, once they have been aside longer than any build.
     */
    default void delete(Collection<Digest> blobs) throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot delete blobs");
    }

    /** The blobs {@link #delete} set aside, each with the time it was deleted. */
    default List<StoredBlob> listDeleted() throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot list its deleted blobs");
    }

    /** Removes set-aside blobs for good (absent ones are skipped). */
    default void purge(Collection<Digest> deleted) throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot purge deleted blobs");
    }

    default void delete(Digest blob) throws IOException {
        delete(List.of(blob));
    }

    default void deleteSelectors(Collection<Digest> selectors) throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot delete selectors");
    }

    /** Removes staged uploads (an S3 multipart upload is aborted). */
    default void deleteStaged(Collection<StagedUpload> staged) throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot delete staged uploads");
    }

    /** Marks a blob as just used (last-modified = now), so a collector's grace period protects a blob a build is about to reference. */
    default void touch(Digest blob) throws IOException {}

    /** Touches a blob that exists (or was deleted recoverably); false if it is gone for good. */
    default boolean touchIfStored(Digest blob) throws IOException {
        try {
            touch(blob);
            return true;
        } catch (BlobNotFoundException gone) {
            return false;
        }
    }

    /**
     * The file that holds the blob, for a store on the local filesystem (so an output on the same
     * filesystem can link it instead of copying it); empty for other stores or an absent blob.
     * The file must never be written to.
     */
    default Optional<Path> localFile(Digest blob) throws IOException {
        return Optional.empty();
    }

    /**
     * A URL a client can read the blob from directly for at most {@code ttl} (a presigned S3 GET),
     * so a server may redirect instead of streaming; empty for stores that have none. The blob is
     * not looked up: a caller checks it first ({@link #size} also restores a blob deleted
     * recoverably). The URL may carry a signature: never log it.
     */
    default Optional<URI> readUrl(Digest digest, Duration ttl) throws IOException {
        return Optional.empty();
    }

    /** A location for messages and logs; never contains credentials. */
    String describe();

    @Override
    default void close() {}
}
