package dev.stowage.event;

import dev.stowage.oci.ImageLocation;
import dev.stowage.spec.BuildInput;
import java.util.List;
import java.util.Objects;

/** A user or trigger asks for an image to be built from {@code input} and written to {@code outputs}. */
public record BuildRequested(EventHeader header, BuildInput input, List<ImageLocation> outputs) implements StowageEvent {
    public BuildRequested {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(input, "input");
        outputs = List.copyOf(outputs);
    }

    @Override
    public String partitionKey() {
        return buildId();
    }

    @Override
    public String idempotencyKey() {
        return "build-requested/" + buildId();
    }
}
