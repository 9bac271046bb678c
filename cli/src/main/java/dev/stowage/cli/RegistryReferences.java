package dev.stowage.cli;

import dev.stowage.registry.ImageReference;

/** Checks a {@code docker://} output reference completely when the flag is read, so a typo fails before any build (exit 2). */
final class RegistryReferences {
    private RegistryReferences() {}

    static void check(String location) {
        ImageReference ref = ImageReference.parse(location);
        String host = ref.registry();
        int colon = host.lastIndexOf(':');
        if (colon > 0 && colon > host.lastIndexOf(']')) {
            int port = Integer.parseInt(host.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("registry port " + port + " in '" + location + "' must be 1-65535");
            }
        }
    }
}
