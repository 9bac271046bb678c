package dev.stowage.assembler;

import dev.stowage.event.BuildRequested;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.StowageEvent;
import dev.stowage.oci.Digest;
import dev.stowage.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the assembler knows of one build: the request and the layers and images done so far, and
 * the digests of the state records that hold them in the blob store (oldest first).
 */
final class BuildState {
    private BuildRequested request;
    private final Map<Platform, TreeMap<Integer, LayerBuilt>> layers = new TreeMap<>();
    private final Map<Platform, ImageAssembled> images = new TreeMap<>();
    private final List<Digest> records = new ArrayList<>();
    private Finished finished;

    /** Records the request; false if one was recorded already (a redelivery). */
    boolean request(BuildRequested r) {
        if (request != null) return false;
        request = r;
        return true;
    }

    Optional<BuildRequested> request() {
        return Optional.ofNullable(request);
    }

    /** Records a layer; a redelivered layer (same index) keeps the first one seen and returns false. */
    boolean layer(LayerBuilt l) {
        return layers.computeIfAbsent(l.platform(), p -> new TreeMap<>()).putIfAbsent(l.layerIndex(), l) == null;
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

    /** Records a platform's image; false if that platform has one already. */
    boolean image(ImageAssembled i) {
        return images.putIfAbsent(i.platform(), i) == null;
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

    /**
     * How a build ended: its index, the images emitted with it, and the fact whose message finished
     * it ({@link #factOf}); a redelivery of that message emits these again.
     */
    record Finished(String finishedBy, List<ImageAssembled> images, IndexAssembled index) {
        Finished {
            images = List.copyOf(images);
        }
    }

    boolean indexDone() {
        return finished != null;
    }

    Optional<Finished> finished() {
        return Optional.ofNullable(finished);
    }

    void finish(Finished f) {
        finished = f;
    }

    /** Names the fact an event teaches, so two deliveries of one message name the same. */
    static String factOf(StowageEvent event) {
        if (event instanceof LayerBuilt l) return "layer " + l.platform() + " " + l.layerIndex();
        return event.type();
    }

    /** Notes that a record holding one more fact of this build was stored. */
    void recorded(Digest record) {
        records.add(record);
    }

    /** The newest stored record, which names the one before it. */
    Optional<Digest> lastRecord() {
        return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
    }

    List<Digest> records() {
        return List.copyOf(records);
    }
}
