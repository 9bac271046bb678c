package dev.stowage.planner;

import dev.stowage.event.CustomisationContent;
import dev.stowage.event.LayerPath;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.time.Instant;
import java.util.List;

/**
 * Digest of everything that decides a store layer's tar bytes apart from the worker's tar rules
 * and compression: store dir, mtime, and the sorted paths with their NAR hashes.
 */
public final class ContentKey {
    private ContentKey() {}

    record Doc(int v, String storeDir, Instant mtime, List<LayerPath> paths) {}

    public static Digest of(String storeDir, Instant mtime, List<LayerPath> paths) {
        return Digest.ofBytes(Json.canonicalBytes(new Doc(1, storeDir, mtime, paths.stream().sorted().toList())));
    }

    record CustomisationDoc(int v, String storeDir, Instant mtime, List<LayerPath> paths, CustomisationContent content) {}

    /** The customisation layer's key: its content and the store paths it links to. */
    public static Digest ofCustomisation(String storeDir, Instant mtime, List<LayerPath> paths, CustomisationContent content) {
        return Digest.ofBytes(Json.canonicalBytes(new CustomisationDoc(1, storeDir, mtime, paths.stream().sorted().toList(), content)));
    }
}
