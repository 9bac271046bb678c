package dev.stowage.registry;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A registry host as credential stores key it, normalised the way docker does: scheme and
 * {@code /v1/}/{@code /v2/} path dropped, lower case, and Docker Hub's aliases
 * ({@code docker.io}, {@code index.docker.io}, {@code registry-1.docker.io},
 * {@code registry.hub.docker.com}) folded into {@code docker.io}.
 */
public record RegistryHost(String name) {
    private static final Set<String> DOCKER_HUB = Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");
    /** The key docker login writes Docker Hub credentials under (and passes to credential helpers). */
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

    public RegistryHost {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("registry host is empty");
    }

    /** The host of {@code host[:port]} as an image reference names it. */
    public static RegistryHost of(String host) {
        return fromKey(host).orElseThrow(() -> new IllegalArgumentException("not a registry host: '" + host + "'"));
    }

    /**
     * The host a credential-store key means: {@code registry.example:5000},
     * {@code https://registry.example/v1/}, {@code http://127.0.0.1:5000}. Empty for keys that
     * name a repository namespace ({@code quay.io/team}), which this resolver does not use.
     */
    public static Optional<RegistryHost> fromKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        if (k.startsWith("https://")) k = k.substring(8);
        else if (k.startsWith("http://")) k = k.substring(7);
        int slash = k.indexOf('/');
        if (slash >= 0) {
            String path = k.substring(slash);
            if (!Set.of("/", "/v1", "/v1/", "/v2", "/v2/").contains(path)) return Optional.empty();
            k = k.substring(0, slash);
        }
        if (k.isEmpty()) return Optional.empty();
        return Optional.of(new RegistryHost(DOCKER_HUB.contains(k) ? "docker.io" : k));
    }

    /** Whether a credential-store key means this host. */
    public boolean matchesKey(String key) {
        return fromKey(key).map(this::equals).orElse(false);
    }

    /** The server URL handed to a credential helper: Docker Hub's legacy key, otherwise the host. */
    public String helperServerUrl() {
        return name.equals("docker.io") ? DOCKER_HUB_KEY : name;
    }

    @Override
    public String toString() {
        return name;
    }
}
