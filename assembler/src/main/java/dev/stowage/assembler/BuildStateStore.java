package dev.stowage.assembler;

import dev.stowage.blob.BlobStore;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.EventCodec;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Keeps each build's assembler state in the blob store, so an assembler restarted at any point
 * (or another instance that takes over the partition) continues where the last one stopped. The
 * request is stored once as a blob; a snapshot of the rest is stored after every message, before
 * the message is acknowledged, and a selector per build points at the latest snapshot. The
 * alternative, a compacted topic, would tie the assembler to Kafka; the blob store is shared by
 * every deployment already.
 */
final class BuildStateStore {
    private final BlobStore store;

    record Snapshot(int v, Digest request, List<LayerBuilt> layers, List<ImageAssembled> images, boolean indexDone) {}

    BuildStateStore(BlobStore store) {
        this.store = store;
    }

    private static Digest key(String buildId) {
        return Digest.ofBytes(("stowage-assembler-state/v1/" + buildId).getBytes(StandardCharsets.UTF_8));
    }

    Optional<BuildState> load(String buildId) throws IOException {
        Optional<Digest> at = store.readSelector(key(buildId));
        if (at.isEmpty()) return Optional.empty();
        Snapshot s = Json.read(store.readAll(at.get()), Snapshot.class);
        BuildState state = new BuildState();
        if (s.request() != null) state.request((BuildRequested) EventCodec.decode(store.readAll(s.request())));
        s.layers().forEach(state::layer);
        s.images().forEach(state::image);
        if (s.indexDone()) state.markIndexDone();
        return Optional.of(state);
    }

    void save(String buildId, BuildState state) throws IOException {
        Digest request = null;
        if (state.request().isPresent()) request = store.put(EventCodec.encode(state.request().get())).digest();
        Snapshot s = new Snapshot(1, request, state.allLayers(), state.images(), state.indexDone());
        store.writeSelector(key(buildId), store.put(Json.canonicalBytes(s)).digest());
    }
}
