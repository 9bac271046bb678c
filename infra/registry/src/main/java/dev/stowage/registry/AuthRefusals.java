package dev.stowage.registry;

import dev.stowage.registry.RegistryAuthException.Reason;
import java.util.Optional;

/** Builds the {@link RegistryAuthException}s of one registry: registry, repository and user named, no secret. */
record AuthRefusals(String registry, Optional<String> user) {
    RegistryAuthException refused(Reason reason, int status, String repository, String what) {
        String who = user.map(u -> "user '" + u + "'").orElse("anonymous access");
        String repo = repository == null ? "" : " to repository " + repository;
        String message = switch (reason) {
            case NO_CREDENTIALS -> "registry " + registry + " refused anonymous access" + repo + " (" + status + " on " + what
                    + ") and no credentials were found for it: use --creds, STOWAGE_REGISTRY_USERNAME/STOWAGE_REGISTRY_PASSWORD, auth.json or ~/.docker/config.json";
            case BAD_CREDENTIALS -> "registry " + registry + " rejected the credentials of " + who + " (" + status + " on " + what + ")";
            case INSUFFICIENT_SCOPE -> "registry " + registry + " refused " + who + " access" + repo + ": not allowed to " + what
                    + " (" + status + " insufficient_scope)";
            case TOKEN_REJECTED -> "registry " + registry + " rejected the token its token service issued to " + who + repo
                    + " (" + status + " on " + what + ")";
            case UNSUPPORTED_CHALLENGE -> "registry " + registry + ": cannot authenticate " + who + repo + ": " + what;
        };
        return new RegistryAuthException(message, status, reason, registry, repository, user.orElse(null));
    }
}
