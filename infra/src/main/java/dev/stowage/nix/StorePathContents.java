package dev.stowage.nix;

import java.io.IOException;

/**
 * Where a layer worker reads store paths from: a realised store on disk, or a binary cache's
 * NARs. Either way the same objects reach the visitor, so a layer has the same bytes whichever
 * source built it.
 */
public interface StorePathContents {
    /** Visits {@code path}'s objects; {@code expected} lets a source verify what it reads (NAR hash, size). */
    void accept(PathInfoRef expected, FileSystemObjectVisitor visitor) throws IOException;

    /** What a source may check a store path against. */
    record PathInfoRef(StorePath path, dev.stowage.oci.Digest narHash, long narSize) {}
}
