package dev.stowage.cli;

import dev.stowage.nix.cache.BinaryCaches;
import dev.stowage.publisher.daemon.DockerEngine;
import dev.stowage.registry.CredentialResolver;
import dev.stowage.registry.PushSettings;
import dev.stowage.registry.RegistryAccess;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What one run of the {@code stowage} command owns and hands to the modules it wires: the
 * environment, read once at start, and the Vert.x instance every HTTP client and server runs on
 * (started on first use, closed when the command returns).
 */
record ProcessContext(Environment environment, ProcessVertx vertx) {

    /** The context of the run that {@code command} (any command of the tree) belongs to. */
    static ProcessContext of(CommandSpec command) {
        return ((Main) command.root().userObject()).context();
    }

    /** Where state lives unless a flag says otherwise. */
    Defaults defaults() {
        return environment.defaults();
    }

    /** Registries with {@code credentials} and {@code settings}, binary caches and the Docker Engine, on this process's Vert.x and environment. */
    Connections connections(CredentialResolver credentials, PushSettings settings) {
        return new Connections(new RegistryAccess(vertx, credentials, settings), new BinaryCaches(vertx),
                () -> DockerEngine.fromVariables(environment.variables()));
    }

    /** As above with the environment's credentials and the default settings (what a service uses). */
    Connections connections() {
        return connections(environment.credentials(Map.of()), PushSettings.defaults());
    }
}
