package dev.stowage.nix;

import dev.stowage.oci.Digest;
import java.io.IOException;

/**
 * Where a layer worker reads store paths from: a realised store on disk, or a binary cache's
 * NARs. Either way the same objects reach the visitor, so a layer has the same bytes whichever
 * source built it.
 */
public interface StorePathContents {
    /**
     * Visits {@code path}'s objects. {@code narHash} and {@code narSize} are what the closure says
     * of the path; a source that reads NARs verifies them.
     */
    void accept(StorePath path, Digest narHash, long narSize, FileSystemObjectVisitor visitor) throws IOException;
}
