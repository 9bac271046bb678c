package dev.stowage.registry;

import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Descriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Puts one blob into one repository: skip when the registry has it, mount when this process
 * already pushed it to another repository of the same registry, else upload streaming from the
 * BlobStore (one POST+PUT for small blobs, PATCH chunks for large ones, read in one pass).
 */
final class BlobUploader {
    enum Outcome { UPLOADED, SKIPPED, MOUNTED }

    static final String OCTET_STREAM = "application/octet-stream";
    private static final int MAX_RESTARTS = 3;
    private final RegistryCaller caller;
    private final BlobStore store;
    private final PushedBlobs pushed;
    private final long chunkSize;

    BlobUploader(RegistryCaller caller, BlobStore store, PushedBlobs pushed, long chunkSize) {
        this.caller = caller;
        this.store = store;
        this.pushed = pushed;
        this.chunkSize = chunkSize;
    }

    Outcome push(String repository, Descriptor blob) {
        if (caller.call(new BlobHead(repository, blob.digest()))) {
            pushed.record(caller.registry(), repository, blob.digest());
            return Outcome.SKIPPED;
        }
        Optional<String> source = pushed.otherRepository(caller.registry(), repository, blob.digest());
        String location;
        if (source.isPresent()) {
            Optional<String> opened = caller.call(new BlobMount(repository, blob.digest(), source.get()));
            if (opened.isEmpty()) {
                pushed.record(caller.registry(), repository, blob.digest());
                return Outcome.MOUNTED;
            }
            location = opened.get();
        } else {
            location = caller.call(new UploadStart(repository));
        }
        for (int restart = 0; ; restart++) {
            try {
                upload(repository, blob, location);
                break;
            } catch (RegistryRejectedException e) {
                if (restart >= MAX_RESTARTS || !uploadLost(e)) throw e;
                // an earlier attempt went through but its answer was lost: the session moved on
                if (caller.call(new BlobHead(repository, blob.digest()))) break;
                location = caller.call(new UploadStart(repository));
            }
        }
        pushed.record(caller.registry(), repository, blob.digest());
        return Outcome.UPLOADED;
    }

    /**
     * A retried chunk or finish whose first try the registry did process (only the answer was
     * lost) meets a session that moved on: distribution answers 400 BLOB_UPLOAD_INVALID (and
     * cancels it), 404 BLOB_UPLOAD_UNKNOWN or 416. The blob then starts over in a new session.
     */
    static boolean uploadLost(RegistryRejectedException e) {
        return e.status() == 416 || e.codes().contains("BLOB_UPLOAD_INVALID") || e.codes().contains("BLOB_UPLOAD_UNKNOWN");
    }

    private void upload(String repository, Descriptor blob, String location) {
        try (BlobSlices slices = new BlobSlices(store, blob.digest())) {
            if (blob.size() <= chunkSize) {
                caller.call(new UploadFinish(repository, location, blob.digest(), Optional.of(slices.slice(0, blob.size()))));
                return;
            }
            for (long offset = 0; offset < blob.size(); offset += chunkSize) {
                long length = Math.min(chunkSize, blob.size() - offset);
                location = caller.call(new UploadChunk(repository, location, offset, slices.slice(offset, length)));
            }
            caller.call(new UploadFinish(repository, location, blob.digest(), Optional.empty()));
        } catch (IOException e) {
            throw new UncheckedIOException("closing blob " + blob.digest() + " of " + store.describe(), e);
        }
    }
}
