package dev.stowage.cli;

import dev.stowage.error.BadInputException;
import dev.stowage.net.BoundedRetry;
import dev.stowage.oci.ImageLocation;
import dev.stowage.registry.CredentialResolver;
import dev.stowage.registry.Credentials;
import dev.stowage.registry.PushSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --tls-verify} and {@code --creds} of {@code stowage build}, checked against the
 * {@code docker://} outputs. {@code --creds} belongs to the one registry the outputs name; it is
 * never put in an event or a message.
 */
record RegistryFlags(boolean tlsVerify, String creds) {

    /** The registry hosts the {@code docker://} outputs name. */
    static Set<String> registries(List<ImageLocation> outputs) {
        Set<String> hosts = new TreeSet<>();
        for (ImageLocation t : outputs) {
            if (t instanceof ImageLocation.Registry registry) hosts.add(registry.name().registry());
        }
        return hosts;
    }

    /**
     * Three attempts per request: the bus already retries a failed publish as a whole (4 times;
     * blobs that made it are then skipped by their HEAD), so more would only make a wrong port
     * take minutes to report.
     */
    PushSettings settings() {
        return PushSettings.defaults().withTlsVerify(tlsVerify)
                .withRetry(new BoundedRetry(3, Duration.ofMillis(200), Duration.ofSeconds(10)));
    }

    /** {@code --creds} for the one registry {@code outputs} name, then what {@code environment} names. */
    CredentialResolver credentials(List<ImageLocation> outputs, Environment environment) {
        Set<String> hosts = registries(outputs);
        if (creds == null) return environment.credentials(Map.of());
        int colon = creds.indexOf(':');
        if (colon <= 0) throw new BadInputException("--creds", "must be USER:PASSWORD");
        if (hosts.size() != 1) {
            throw new BadInputException("--creds", hosts.isEmpty() ? "given without a docker:// output"
                    : "belongs to one registry, but the outputs name " + hosts + " (use an auth file for several)");
        }
        Credentials c = new Credentials(creds.substring(0, colon), creds.substring(colon + 1));
        return environment.credentials(Map.of(hosts.iterator().next(), c));
    }
}
