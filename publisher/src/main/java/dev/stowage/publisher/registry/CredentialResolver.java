package dev.stowage.publisher.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds credentials for one registry host: explicit ones first, then
 * {@code STOWAGE_REGISTRY_USERNAME}/{@code STOWAGE_REGISTRY_PASSWORD}, then the
 * {@code auths.<host>.auth} entry of {@code REGISTRY_AUTH_FILE}, containers' auth.json or
 * {@code ~/.docker/config.json}. The environment and home are passed in (no global reads deep inside).
 */
public record CredentialResolver(Map<String, Credentials> explicit, Map<String, String> env, Path home) {
    public CredentialResolver {
        explicit = Map.copyOf(explicit);
        env = Map.copyOf(env);
    }

    public static CredentialResolver fromEnvironment(Map<String, Credentials> explicit) {
        return new CredentialResolver(explicit, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public Optional<Credentials> forHost(String host) throws IOException {
        if (explicit.containsKey(host)) return Optional.of(explicit.get(host));
        String user = env.get("STOWAGE_REGISTRY_USERNAME");
        String pass = env.get("STOWAGE_REGISTRY_PASSWORD");
        if (user != null && pass != null) return Optional.of(new Credentials(user, pass));
        for (Path file : authFiles()) {
            if (!Files.isRegularFile(file)) continue;
            JsonNode auth = Json.mapper().readTree(file.toFile()).path("auths").path(host).path("auth");
            if (auth.isTextual()) return Optional.of(Credentials.fromAuthField(auth.asText()));
        }
        return Optional.empty();
    }

    private List<Path> authFiles() {
        List<Path> files = new ArrayList<>();
        if (env.containsKey("REGISTRY_AUTH_FILE")) files.add(Path.of(env.get("REGISTRY_AUTH_FILE")));
        if (env.containsKey("XDG_RUNTIME_DIR")) files.add(Path.of(env.get("XDG_RUNTIME_DIR"), "containers", "auth.json"));
        files.add(home.resolve(".config/containers/auth.json"));
        files.add(home.resolve(".docker/config.json"));
        return files;
    }
}
