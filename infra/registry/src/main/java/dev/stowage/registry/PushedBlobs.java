package dev.stowage.registry;

import dev.stowage.oci.Digest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Which repositories of which registry this process has put each blob into: the sources for mounts. */
final class PushedBlobs {
    private final Map<String, Set<String>> repositories = new ConcurrentHashMap<>();

    void record(String registry, String repository, Digest digest) {
        repositories.computeIfAbsent(registry + "|" + digest, k -> ConcurrentHashMap.newKeySet()).add(repository);
    }

    boolean has(String registry, String repository, Digest digest) {
        return repositories.getOrDefault(registry + "|" + digest, Set.of()).contains(repository);
    }

    Optional<String> otherRepository(String registry, String repository, Digest digest) {
        return repositories.getOrDefault(registry + "|" + digest, Set.of()).stream()
                .filter(r -> !r.equals(repository)).sorted().findFirst();
    }
}
