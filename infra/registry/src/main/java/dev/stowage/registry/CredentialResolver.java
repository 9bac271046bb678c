package dev.stowage.registry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds credentials for one registry host, asking in the order docker and podman users expect
 * and stopping at the first source that has some:
 * <ol>
 *   <li>explicit ones ({@code --creds}), per host;</li>
 *   <li>{@code STOWAGE_REGISTRY_USERNAME}/{@code STOWAGE_REGISTRY_PASSWORD} (limited to
 *       {@code STOWAGE_REGISTRY_HOST} when that is set);</li>
 *   <li>containers auth.json: {@code REGISTRY_AUTH_FILE}, else {@code $XDG_RUNTIME_DIR/containers/auth.json};
 *       then {@code $XDG_CONFIG_HOME/containers/auth.json} (default {@code ~/.config});</li>
 *   <li>docker's {@code config.json} in {@code $DOCKER_CONFIG} (default {@code ~/.docker}).</li>
 * </ol>
 * Each file may name credential helpers ({@link AuthFile}). The environment variables and home
 * folder are the caller's (the CLI reads them once); nothing here reads the process's own.
 */
public record CredentialResolver(Map<String, Credentials> explicit, Map<String, String> env, Path home) {
    public CredentialResolver {
        explicit = Map.copyOf(explicit);
        env = Map.copyOf(env);
    }

    /** No credentials from anywhere: anonymous access only. */
    public static CredentialResolver anonymous() {
        return new CredentialResolver(Map.of(), Map.of(), Path.of("/nonexistent"));
    }

    /**
     * The credentials for {@code host} ({@code host[:port]}), if any source has them.
     * @throws dev.stowage.error.BadInputException when a source is broken (names it, never a secret)
     */
    public Optional<Credentials> forHost(String host) throws IOException {
        RegistryHost h = RegistryHost.of(host);
        for (CredentialSource source : sources()) {
            Optional<Credentials> found = source.find(h);
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }

    /** The sources in the order they are asked. */
    List<CredentialSource> sources() {
        List<CredentialSource> sources = new ArrayList<>();
        sources.add(new ExplicitCredentials(explicit));
        sources.add(new EnvironmentCredentials(env));
        for (Path file : authFiles()) sources.add(new AuthFile(file, env));
        return sources;
    }

    private List<Path> authFiles() {
        List<Path> files = new ArrayList<>();
        if (env.containsKey("REGISTRY_AUTH_FILE")) files.add(Path.of(env.get("REGISTRY_AUTH_FILE")));
        else if (env.containsKey("XDG_RUNTIME_DIR")) files.add(Path.of(env.get("XDG_RUNTIME_DIR"), "containers", "auth.json"));
        Path config = env.containsKey("XDG_CONFIG_HOME") ? Path.of(env.get("XDG_CONFIG_HOME")) : home.resolve(".config");
        files.add(config.resolve("containers/auth.json"));
        Path docker = env.containsKey("DOCKER_CONFIG") ? Path.of(env.get("DOCKER_CONFIG")) : home.resolve(".docker");
        files.add(docker.resolve("config.json"));
        return files;
    }
}
