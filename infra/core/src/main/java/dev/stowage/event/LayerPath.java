package dev.stowage.event;

import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;

/** A store path as a layer task names it: enough to find, verify and cache it. */
public record LayerPath(StorePath path, Digest narHash, long narSize) implements Comparable<LayerPath> {
    @Override
    public int compareTo(LayerPath o) {
        return path.compareTo(o.path);
    }
}
