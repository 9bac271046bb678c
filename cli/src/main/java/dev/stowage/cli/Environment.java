package dev.stowage.cli;

import dev.stowage.registry.CredentialResolver;
import dev.stowage.registry.Credentials;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The process's environment variables and home folder, read once when a command starts
 * ({@link #ofProcess()}: the one place Stowage reads them) and handed to what needs them; no
 * library reads the environment itself.
 */
record Environment(Map<String, String> variables, Path home) {
    Environment {
        variables = Map.copyOf(variables);
    }

    /** This process's variables and {@code user.home}. */
    static Environment ofProcess() {
        return new Environment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** A variable's value, empty when it is not set. */
    Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /** Registry credentials: {@code explicit} ones (per host) first, then those the variables and home folder name. */
    CredentialResolver credentials(Map<String, Credentials> explicit) {
        return new CredentialResolver(explicit, variables, home);
    }

    /** Where the embedded mode keeps its state: {@code $XDG_CACHE_HOME/stowage}, else {@code ~/.cache/stowage}. */
    Defaults defaults() {
        Path base = variable("XDG_CACHE_HOME").filter(x -> !x.isBlank()).map(Path::of).orElse(home.resolve(".cache"));
        return new Defaults(base.resolve("stowage"));
    }
}
