package dev.stowage.publisher;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.EventBus;
import dev.stowage.bus.EventHandler;
import dev.stowage.bus.Subscription;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.ImageName;
import dev.stowage.registry.RegistryPusher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For one build whose outputs include registries: each layer blob goes up as soon as its
 * {@link LayerBuilt} arrives ({@link RegistryPusher#uploadAhead}), while the other layers are still
 * encoding, so the push after assembly finds the layers in place. One repository per registry
 * (the first output's): the push mounts them into the others. A blob by digest names no image and
 * no tag points at it, so a build that fails later has written no output (docs/registry.md).
 */
public final class LayerUploadsAhead implements EventHandler {
    public static final String GROUP = "publisher-ahead";

    private final RegistryPusher pusher;
    private final BlobStore store;
    private final String buildId;
    private final List<ImageName> targets;

    private LayerUploadsAhead(RegistryPusher pusher, BlobStore store, String buildId, List<ImageName> targets) {
        this.pusher = pusher;
        this.store = store;
        this.buildId = buildId;
        this.targets = targets;
    }

    /** Uploads ahead for build {@code buildId}, or nothing when none of its {@code outputs} is a registry. */
    public static Optional<LayerUploadsAhead> of(RegistryPusher pusher, BlobStore store, String buildId, List<ImageLocation> outputs) {
        Map<String, ImageName> firstPerRegistry = new LinkedHashMap<>();
        for (ImageLocation o : outputs) {
            if (o instanceof ImageLocation.Registry r) firstPerRegistry.putIfAbsent(r.target().registry(), r.target());
        }
        return firstPerRegistry.isEmpty() ? Optional.empty()
                : Optional.of(new LayerUploadsAhead(pusher, store, buildId, List.copyOf(firstPerRegistry.values())));
    }

    @Override
    public void handle(StowageEvent event, Emitter out) {
        if (!(event instanceof LayerBuilt built) || !buildId.equals(built.buildId())) return;
        for (ImageName target : targets) pusher.uploadAhead(store, built.blob(), target);
    }

    public Subscription subscribe(EventBus bus) {
        return bus.subscribe(GROUP, Topics.exactly(Topics.LAYER_BUILT), 1, this);
    }
}
