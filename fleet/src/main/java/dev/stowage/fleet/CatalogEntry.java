package dev.stowage.fleet;

import dev.stowage.oci.ImageLocation;
import dev.stowage.spec.BuildInput;
import java.util.List;
import java.util.Objects;

/**
 * One image the fleet owns: its resolved input (spec with defaults and, per platform, the closure
 * graph) and where it is published. Self-contained, like a {@code BuildRequested}: a rebuild
 * never reads the user's files again, and the entry can be the value of a compacted topic.
 */
public record CatalogEntry(BuildInput input, List<ImageLocation> outputs) {
    public CatalogEntry {
        Objects.requireNonNull(input, "input");
        outputs = List.copyOf(outputs);
        if (outputs.isEmpty()) throw new IllegalArgumentException("image " + input.spec().name() + " has no outputs");
    }

    public String name() {
        return input.spec().name();
    }

    public CatalogEntry withInput(BuildInput newInput) {
        return new CatalogEntry(newInput, outputs);
    }
}
