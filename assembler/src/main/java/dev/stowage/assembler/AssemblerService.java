package dev.stowage.assembler;

import dev.stowage.blob.BlobRef;
import dev.stowage.blob.BlobStore;
import dev.stowage.bus.EventBus;
import dev.stowage.bus.EventHandler;
import dev.stowage.bus.Subscription;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.EventHeader;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.assembler.provenance.ProvenanceDocuments;
import dev.stowage.assembler.finished.FinishedImage;
import dev.stowage.assembler.finished.FinishedImages;
import dev.stowage.assembler.provenance.ProvenanceTimes;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.MediaTypes;
import dev.stowage.spec.BuildInput;
import dev.stowage.spec.PlatformInput;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects {@code LayerBuilt} per (build, platform); writes each platform's config and manifest
 * when its layers are complete ({@code ImageAssembled}) and the index when every platform is
 * ({@code IndexAssembled}). Also consumes {@code BuildRequested} for the spec. The documents are
 * pure functions of the request and the layers, so assembling twice writes the same bytes.
 */
public final class AssemblerService implements EventHandler {
    public static final String GROUP = "assembler";
    private static final Logger LOG = LoggerFactory.getLogger(AssemblerService.class);
    private final BlobStore store;
    private final String producer;
    private final Clock clock;
    private final Map<String, BuildState> builds = new ConcurrentHashMap<>();
    private final Artifacts artifacts;
    private final BuildStates states;
    private final FinishedImages finished;
    /** This assembler's version (the jar's, else {@code development}): provenance names it and finished images are keyed by it. */
    public static final String VERSION = Objects.requireNonNullElse(AssemblerService.class.getPackage().getImplementationVersion(), "development");

    private final ProvenanceTimes provenanceTimes;

    /** With reproducible provenance (times from the spec's {@code created}). */
    public AssemblerService(BlobStore store, String producer, Clock clock) {
        this(store, producer, clock, ProvenanceTimes.fromCreated());
    }

    /** Build state kept in the blob store: a service that any restart, or another instance, continues. */
    public AssemblerService(BlobStore store, String producer, Clock clock, ProvenanceTimes provenanceTimes) {
        this(store, producer, clock, provenanceTimes, StateKeeping.BLOB_STORE);
    }

    /** Where build state lives between messages. */
    public enum StateKeeping {
        /** Durable, in the blob store ({@link BuildStateStore}): for a service on a durable bus. */
        BLOB_STORE,
        /** In memory only: for a pipeline in one process, whose in-process bus ends with it. */
        MEMORY
    }

    public AssemblerService(BlobStore store, String producer, Clock clock, ProvenanceTimes provenanceTimes, StateKeeping keeping) {
        this.provenanceTimes = Objects.requireNonNull(provenanceTimes, "provenanceTimes");
        this.store = store;
        this.artifacts = new Artifacts(store);
        this.finished = new FinishedImages(store, VERSION);
        this.states = keeping == StateKeeping.MEMORY ? new MemoryBuildStates() : new BuildStateStore(store);
        this.producer = producer;
        this.clock = clock;
    }

    public Subscription subscribe(EventBus bus) {
        return bus.subscribe(GROUP, Topics.exactly(Topics.BUILD_REQUESTED, Topics.LAYER_BUILT), 1, this);
    }

    /**
     * Records what the event teaches in the build's state, assembles what has become complete, and
     * persists each new fact before returning (so before the message is acknowledged). When the
     * index is assembled, the build's state shrinks to how it ended and the build leaves memory. A
     * redelivery of the message that finished a build emits that message's events again (its
     * transaction may have aborted after the state was stored); any other late message is ignored.
     */
    @Override
    public void handle(StowageEvent event, Emitter out) throws IOException {
        if (!(event instanceof BuildRequested) && !(event instanceof LayerBuilt)) return;
        String id = event.buildId();
        BuildState state = builds.get(id);
        if (state == null) {
            state = states.load(id).orElseGet(BuildState::new);
            BuildState raced = builds.putIfAbsent(id, state);
            if (raced != null) state = raced;
        }
        synchronized (state) {
            if (state.indexDone()) {
                BuildState.Finished end = state.finished().orElseThrow();
                if (end.finishedBy().equals(BuildState.factOf(event))) {
                    end.images().forEach(out::emit);
                    out.emit(end.index());
                }
                builds.remove(id);
                return;
            }
            try {
                boolean learned = event instanceof BuildRequested r ? state.request(r) : state.layer((LayerBuilt) event);
                if (learned) states.record(id, state, event);
                if (state.request().isPresent()) progress(state.request().get(), state, out, BuildState.factOf(event));
                if (!state.indexDone()) return;
            } catch (IOException | RuntimeException e) {
                builds.remove(id); // the redelivery starts from what was stored, not from what this attempt learned
                throw e;
            }
            builds.remove(id);
        }
    }

    /** Deletes a finished build's chain of records; one that cannot be deleted now is left to {@code stowage gc}. */
    private void forget(String id, List<Digest> records) {
        try {
            states.forget(records);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot delete the state of finished build {} from {} ({} records; stowage gc removes them): {}", id,
                    store.describe(), records.size(), e.toString());
        }
    }

    private void progress(BuildRequested request, BuildState state, Emitter out, String fact) throws IOException {
        BuildInput input = request.input();
        List<ImageAssembled> emitted = new ArrayList<>();
        for (PlatformInput p : input.platforms()) {
            if (state.hasImage(p.platform())) continue;
            var layers = layers(input, state, p);
            if (layers.isEmpty()) continue;
            ImageAssembled image = assemble(request, p, layers.get());
            state.image(image);
            states.record(request.buildId(), state, image);
            out.emit(image);
            emitted.add(image);
        }
        if (state.images().size() == input.platforms().size()) {
            List<Descriptor> manifests = state.images().stream().map(ImageAssembled::manifest).toList();
            ImageIndex index = ImageDocuments.index(input.spec(), input.tag(), manifests);
            BlobRef ref = store.put(Json.canonicalBytes(index));
            Descriptor indexDesc = Descriptor.of(MediaTypes.OCI_INDEX, ref.digest(), ref.size());
            List<Descriptor> referrers = new ArrayList<>();
            for (PlatformInput p : input.platforms()) {
                Descriptor manifest = imageOf(state, p).manifest();
                var sbom = ProvenanceDocuments.sbom(input, input.tag(), p.closure(), layers(input, state, p).orElseThrow(), VERSION);
                referrers.add(artifacts.attach(MediaTypes.CYCLONEDX_JSON, Json.canonicalBytes(sbom), manifest));
            }
            List<LayerBuilt> allLayers = new ArrayList<>();
            input.platforms().forEach(p -> allLayers.addAll(layers(input, state, p).orElseThrow()));
            var provenance = ProvenanceDocuments.provenance(request, indexDesc, manifests, allLayers, VERSION, provenanceTimes);
            referrers.add(artifacts.attach(MediaTypes.IN_TOTO_JSON, Json.canonicalBytes(provenance), indexDesc));
            IndexAssembled assembled = new IndexAssembled(EventHeader.create(request.buildId(), producer, clock), input.spec().name(), input.tag(),
                    indexDesc, request.outputs(), input.spec().allTags(input.tag()), referrers);
            List<Digest> chain = state.records();
            finished.key(input, provenanceTimes).ifPresent(key -> finished.record(key, finishedImage(input, state, assembled)));
            states.finish(request.buildId(), state, new BuildState.Finished(fact, emitted, assembled));
            out.emit(assembled);
            forget(request.buildId(), chain);
        }
    }

    /** The platform's assembled image (the build has every one when its index is assembled). */
    private static ImageAssembled imageOf(BuildState state, PlatformInput p) {
        return state.images().stream().filter(i -> i.platform().equals(p.platform())).findFirst().orElseThrow();
    }

    private static FinishedImage finishedImage(BuildInput input, BuildState state, IndexAssembled assembled) {
        List<FinishedImage.Image> images = new ArrayList<>();
        for (PlatformInput p : input.platforms()) {
            ImageAssembled image = imageOf(state, p);
            images.add(new FinishedImage.Image(p.platform(), image.manifest(), image.config(), layers(input, state, p).orElseThrow().stream()
                    .map(l -> new FinishedImage.Layer(l.blob(), l.diffId(), l.paths())).toList()));
        }
        return new FinishedImage(FinishedImage.FORMAT, assembled.name(), assembled.tag(), assembled.tags(), assembled.index(),
                assembled.referrers(), images);
    }

    /** The platform's layers once all have arrived; none to wait for when the plan has no layer task. */
    private static Optional<List<LayerBuilt>> layers(BuildInput input, BuildState state, PlatformInput p) {
        return input.spec().plansNoLayers() ? Optional.of(List.of()) : state.completeLayers(p.platform());
    }

    private ImageAssembled assemble(BuildRequested request, PlatformInput p, List<LayerBuilt> layers) throws IOException {
        var spec = request.input().spec();
        ImageConfig config = ImageDocuments.config(spec, p.base(), p.platform(), layers);
        BlobRef configRef = store.put(Json.canonicalBytes(config));
        Descriptor configDesc = Descriptor.of(MediaTypes.OCI_CONFIG, configRef.digest(), configRef.size());
        BlobRef manifestRef = store.put(Json.canonicalBytes(ImageDocuments.manifest(spec, p.base(), configDesc, layers)));
        Descriptor manifestDesc = Descriptor.of(MediaTypes.OCI_MANIFEST, manifestRef.digest(), manifestRef.size())
                .withPlatform(p.platform());
        return new ImageAssembled(EventHeader.create(request.buildId(), producer, clock), p.platform(), manifestDesc, configDesc);
    }
}
