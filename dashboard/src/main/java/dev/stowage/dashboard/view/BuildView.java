package dev.stowage.dashboard.view;

import java.time.Instant;
import java.util.List;

/**
 * A build as the dashboard shows it. {@code state} is {@code running}, {@code published} or
 * {@code failed}; {@code failure} names the stage, kind and input with the message; {@code digests}
 * are every digest the build made (index, manifests, configs), for the look-up from a digest.
 */
public record BuildView(String id, String state, String image, List<String> platforms, Instant requested, Instant finished,
        Long durationMillis, String failure, String index, List<String> destinations, List<LayerTaskView> layers,
        List<StepView> steps, List<ArtifactView> artifacts, List<String> digests) {
    public BuildView {
        platforms = List.copyOf(platforms);
        destinations = List.copyOf(destinations);
        layers = List.copyOf(layers);
        steps = List.copyOf(steps);
        artifacts = List.copyOf(artifacts);
        digests = List.copyOf(digests);
    }

    /** The list entry: everything but the timeline. */
    public BuildView summary() {
        return new BuildView(id, state, image, platforms, requested, finished, durationMillis, failure, index, destinations,
                List.of(), List.of(), artifacts, List.of());
    }
}
