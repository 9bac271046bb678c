package dev.stowage.registry;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One registry endpoint: method, path (relative to the registry root, or an absolute upload
 * location), headers, body, the statuses that mean success, and how to read the answer.
 * {@link RegistryCaller} runs steps and turns every other status into a {@link RegistryException}.
 */
public interface RegistryStep<T> {
    String method();

    /** {@code /v2/...} path with query, or an absolute URL from a Location header. */
    String path();

    default Map<String, String> headers() {
        return Map.of();
    }

    default Optional<RequestBody> body() {
        return Optional.empty();
    }

    Set<Integer> accepted();

    /** The repository whose pull/push scope this step needs (null for the ping). */
    String repository();

    /** Extra pull scope needed (a mount's source repository), or null. */
    default String pullFrom() {
        return null;
    }

    T read(RegistryResponse response);

    /** For messages: what was tried, e.g. "upload blob sha256:abc in repo". */
    String description();
}
