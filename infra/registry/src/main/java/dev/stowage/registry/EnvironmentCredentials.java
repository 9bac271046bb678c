package dev.stowage.registry;

import dev.stowage.error.BadInputException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code STOWAGE_REGISTRY_USERNAME} and {@code STOWAGE_REGISTRY_PASSWORD}; with
 * {@code STOWAGE_REGISTRY_HOST} set they are used for that registry only, otherwise for every
 * registry this run pushes to that has no explicit credentials.
 */
record EnvironmentCredentials(Map<String, String> env) implements CredentialSource {
    static final String USERNAME = "STOWAGE_REGISTRY_USERNAME";
    static final String PASSWORD = "STOWAGE_REGISTRY_PASSWORD";
    static final String HOST = "STOWAGE_REGISTRY_HOST";

    EnvironmentCredentials {
        env = Map.copyOf(env);
    }

    @Override
    public Optional<Credentials> find(RegistryHost host) {
        String user = env.get(USERNAME);
        String pass = env.get(PASSWORD);
        if (user == null && pass == null) return Optional.empty();
        if (user == null || pass == null) {
            throw new BadInputException(user == null ? USERNAME : PASSWORD, "is not set but " + (user == null ? PASSWORD : USERNAME) + " is");
        }
        String only = env.get(HOST);
        if (only != null && !host.matchesKey(only)) return Optional.empty();
        return Optional.of(new Credentials(user, pass));
    }
}
