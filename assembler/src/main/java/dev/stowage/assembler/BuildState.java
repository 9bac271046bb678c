package dev.stowage.assembler;

import dev.stowage.event.BuildRequested;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What the assembler knows of one build: the request and the layers and images done so far. */
final class BuildState {
    private BuildRequested request;
    private final Map<Platform, TreeMap<Integer, LayerBuilt>> layers = new TreeMap<>();
    private final Map<Platform, ImageAssembled> images = new TreeMap<>();
    private boolean indexDone;

    void request(BuildRequested r) {
        if (request == null) request = r;
    }

    Optional<BuildRequested> request() {
        return Optional.ofNullable(request);
    }

    /** Records a layer; a redelivered layer (same index) keeps the first one seen. */
    void layer(LayerBuilt l) {
        layers.computeIfAbsent(l.platform(), p -> new TreeMap<>()).putIfAbsent(l.layerIndex(), l);
    }

    /** All layers of the platform, bottom first, once every one of them has arrived. */
    Optional<List<LayerBuilt>> completeLayers(Platform p) {
        TreeMap<Integer, LayerBuilt> ls = layers.get(p);
        if (ls == null || ls.isEmpty()) return Optional.empty();
        int count = ls.firstEntry().getValue().layerCount();
        return ls.size() == count ? Optional.of(new ArrayList<>(ls.values())) : Optional.empty();
    }

    boolean hasImage(Platform p) {
        return images.containsKey(p);
    }

    void image(ImageAssembled i) {
        images.putIfAbsent(i.platform(), i);
    }

    List<ImageAssembled> images() {
        return new ArrayList<>(images.values());
    }

    /** Every layer recorded so far, in platform and index order. */
    List<LayerBuilt> allLayers() {
        List<LayerBuilt> out = new ArrayList<>();
        layers.values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    boolean indexDone() {
        return indexDone;
    }

    void markIndexDone() {
        indexDone = true;
    }
}
