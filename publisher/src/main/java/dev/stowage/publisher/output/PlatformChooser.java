package dev.stowage.publisher.output;

import dev.stowage.error.BadInputException;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Platform;
import java.util.List;
import java.util.stream.Collectors;

/** Picks the one platform a single-image output (a docker archive) gets from a multi-platform index. */
public final class PlatformChooser {
    private PlatformChooser() {}

    /**
     * The manifest for {@code wanted}; with no wanted platform, the only manifest of the index.
     * Fails naming the platforms the index has when the choice is missing or matches nothing.
     */
    public static Descriptor choose(List<Descriptor> manifests, Platform wanted) {
        if (manifests.isEmpty()) throw new BadInputException("--platform", "the image index has no manifests");
        if (wanted == null) {
            if (manifests.size() == 1) return manifests.get(0);
            throw new BadInputException("--platform", "the image has " + manifests.size() + " platforms (" + list(manifests)
                    + "); choose one with --platform");
        }
        for (Descriptor m : manifests) {
            if (wanted.equals(m.platform())) return m;
        }
        throw new BadInputException("--platform", "the image has no platform " + wanted + " (it has " + list(manifests) + ")");
    }

    private static String list(List<Descriptor> manifests) {
        return manifests.stream()
                .map(m -> m.platform() == null ? "unknown platform " + m.digest().shortHex() : m.platform().toString())
                .collect(Collectors.joining(", "));
    }
}
