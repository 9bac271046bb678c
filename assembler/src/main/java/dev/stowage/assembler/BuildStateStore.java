package dev.stowage.assembler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.blob.BlobStore;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.EventCodec;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.StowageEvent;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Keeps each unfinished build's assembler state in the blob store, so an assembler restarted at
 * any point (or another instance that takes over the partition) continues where the last one
 * stopped. The state is a chain of small records, one per fact the assembler learned (the
 * request, each first-seen layer, each image), each naming the record before it; a selector per
 * build points at the newest. A message that teaches nothing new (a redelivery) writes nothing,
 * so a build of N layers writes about N records of constant size: O(N) bytes in all. When the
 * build's index is assembled, the selector moves to one small record of how it ended (the
 * events its last message emitted, to emit again if that message is redelivered: its
 * transaction may have aborted after the state was stored) and the chain is deleted;
 * {@code stowage gc} removes that record after its grace period. The alternative, a
 * compacted topic, would tie the assembler to Kafka; the blob store is shared by every
 * deployment already.
 */
final class BuildStateStore implements BuildStates {
    static final int VERSION = 2;
    private final BlobStore store;

    /** One fact of a build ({@code BuildRequested}, {@code LayerBuilt} or {@code ImageAssembled}) and the record before it. */
    record StateRecord(int v, String build, Digest prev, JsonNode event) {}

    /** The end of a build: the fact whose message finished it and the events that message emitted. */
    record DoneRecord(int v, String build, String finishedBy, List<JsonNode> images, JsonNode index) {}

    /** The format of assembler versions before 2, a whole snapshot per message: read to continue builds they began. */
    record SnapshotV1(int v, Digest request, List<LayerBuilt> layers, List<ImageAssembled> images, boolean indexDone) {}

    BuildStateStore(BlobStore store) {
        this.store = store;
    }

    private static Digest newest(String buildId) {
        return Digest.ofBytes(("stowage-assembler-state/v2/" + buildId).getBytes(StandardCharsets.UTF_8));
    }

    private static Digest snapshotV1(String buildId) {
        return Digest.ofBytes(("stowage-assembler-state/v1/" + buildId).getBytes(StandardCharsets.UTF_8));
    }

    /** The build's state from its records (or from an older assembler's snapshot), if it has any. */
    @Override
    public Optional<BuildState> load(String buildId) throws IOException {
        Optional<Digest> at = store.readSelector(newest(buildId));
        if (at.isEmpty()) return migrate(buildId);
        byte[] newest = store.readAll(at.get());
        if (Json.reader().readTree(newest).has("index")) return Optional.of(done(buildId, at.get(), newest));
        return Optional.of(replay(buildId, at.get(), newest));
    }

    /** Stores {@code fact}, which {@code state} has just learned, as the build's newest record. */
    @Override
    public void record(String buildId, BuildState state, StowageEvent fact) throws IOException {
        Digest d = put(buildId, state.lastRecord(), fact);
        store.writeSelector(newest(buildId), d);
        state.recorded(d);
    }

    /**
     * Replaces the build's chain by its end: the done record is stored and selected first (a
     * failure leaves the chain in charge, and the redelivery assembles again); the chain's records
     * are then {@link #forget forgotten}.
     */
    @Override
    public void finish(String buildId, BuildState state, BuildState.Finished end) throws IOException {
        List<JsonNode> images = new ArrayList<>();
        for (ImageAssembled i : end.images()) images.add(Json.reader().readTree(EventCodec.encode(i)));
        DoneRecord r = new DoneRecord(VERSION, buildId, end.finishedBy(), images, Json.reader().readTree(EventCodec.encode(end.index())));
        store.writeSelector(newest(buildId), store.put(Json.canonicalBytes(r)).digest());
        state.finish(end);
    }

    /** Deletes records of a chain no selector names any more. */
    @Override
    public void forget(List<Digest> records) throws IOException {
        store.delete(records);
    }

    private BuildState done(String buildId, Digest at, byte[] bytes) throws IOException {
        DoneRecord r = Json.read(bytes, DoneRecord.class);
        if (r.v() != VERSION || !buildId.equals(r.build())) {
            throw new IOException("blob " + at + " in " + store.describe() + " is not a v" + VERSION + " state record of build " + buildId);
        }
        List<ImageAssembled> images = new ArrayList<>();
        for (JsonNode i : r.images()) images.add((ImageAssembled) EventCodec.decode(Json.writer().writeValueAsBytes(i)));
        BuildState state = new BuildState();
        state.finish(new BuildState.Finished(r.finishedBy(), images, (IndexAssembled) EventCodec.decode(Json.writer().writeValueAsBytes(r.index()))));
        return state;
    }

    private Digest put(String buildId, Optional<Digest> prev, StowageEvent fact) throws IOException {
        StateRecord r = new StateRecord(VERSION, buildId, prev.orElse(null), Json.reader().readTree(EventCodec.encode(fact)));
        return store.put(Json.canonicalBytes(r)).digest();
    }

    /** The chain from its newest record ({@code newestBytes}, already read) back to its first. */
    private BuildState replay(String buildId, Digest newest, byte[] newestBytes) throws IOException {
        Deque<Digest> chain = new ArrayDeque<>();
        Deque<StowageEvent> facts = new ArrayDeque<>();
        for (Digest at = newest; at != null; ) {
            StateRecord r = Json.read(at.equals(newest) ? newestBytes : store.readAll(at), StateRecord.class);
            if (r.v() != VERSION || !buildId.equals(r.build())) {
                throw new IOException("blob " + at + " in " + store.describe() + " is not a v" + VERSION + " state record of build " + buildId);
            }
            chain.addFirst(at);
            facts.addFirst(EventCodec.decode(Json.writer().writeValueAsBytes(r.event())));
            at = r.prev();
        }
        BuildState state = new BuildState();
        for (StowageEvent fact : facts) learn(state, fact);
        chain.forEach(state::recorded);
        return state;
    }

    /**
     * A build begun by an older assembler: its snapshot's facts become records, the selector of the
     * newest is written once all are stored (a crash in between leaves the snapshot in charge),
     * then the snapshot's selector goes and its blobs are left to {@code stowage gc}.
     */
    private Optional<BuildState> migrate(String buildId) throws IOException {
        Optional<Digest> at = store.readSelector(snapshotV1(buildId));
        if (at.isEmpty()) return Optional.empty();
        SnapshotV1 s = Json.read(store.readAll(at.get()), SnapshotV1.class);
        BuildState state = new BuildState();
        if (s.indexDone()) {
            state.finish(new BuildState.Finished("", List.of(), null)); // nothing to emit again: a v1 assembler emitted it
        } else {
            List<StowageEvent> facts = new ArrayList<>();
            if (s.request() != null) facts.add(EventCodec.decode(store.readAll(s.request())));
            facts.addAll(s.layers());
            facts.addAll(s.images());
            for (StowageEvent fact : facts) {
                if (learn(state, fact)) state.recorded(put(buildId, state.lastRecord(), fact));
            }
            if (state.lastRecord().isPresent()) store.writeSelector(newest(buildId), state.lastRecord().get());
        }
        store.deleteSelectors(List.of(snapshotV1(buildId)));
        return Optional.of(state);
    }

    private static boolean learn(BuildState state, StowageEvent fact) throws IOException {
        if (fact instanceof BuildRequested r) return state.request(r);
        if (fact instanceof LayerBuilt l) return state.layer(l);
        if (fact instanceof ImageAssembled i) return state.image(i);
        throw new IOException("an assembler state record cannot hold a " + fact.type());
    }
}
