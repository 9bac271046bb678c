package dev.stowage.fleet;

import dev.stowage.event.LayerBuilt;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import dev.stowage.oci.Platform;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the reverse index knows of one build; events may arrive in any order and more than once. */
final class IndexedBuild {
    /** One store layer of the build: where it sits and the paths it holds. */
    record Layer(Platform platform, int index, Digest blob, List<StorePath> paths) {}

    String image;
    Instant publishedAt;
    final Map<String, Layer> layers = new TreeMap<>();
    final Map<Platform, Digest> manifests = new TreeMap<>();

    void add(LayerBuilt l) {
        if (l.customisation()) return; // it links to store paths; their files are in the store layers
        layers.put(l.platform().slug() + "/" + l.layerIndex(), new Layer(l.platform(), l.layerIndex(), l.blob().digest(), l.paths()));
    }

    boolean complete() {
        return image != null && publishedAt != null;
    }
}
