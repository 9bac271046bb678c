package dev.stowage.registryserver;

import dev.stowage.oci.Digest;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** A name the registry serves: its tags, and the manifest or index each tag points at. */
public interface Repository {
    /** Tags, sorted. */
    List<String> tags() throws IOException;

    /**
     * The digest of the index (or manifest) {@code tag} points at, in the blob store; empty for an
     * unknown tag. May start a build and wait for it, bounded: past the bound it throws
     * {@link DistributionException#retryLater}.
     */
    Optional<Digest> resolve(String tag) throws IOException;

    /** What {@code tag} points at now, never building (a package list not built yet is empty); by default {@link #resolve}. */
    default Optional<Digest> peek(String tag) throws IOException {
        return resolve(tag);
    }
}
