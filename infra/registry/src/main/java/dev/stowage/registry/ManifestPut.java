package dev.stowage.registry;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code PUT /v2/<repo>/manifests/<digest or tag>} with the exact stored bytes. */
public record ManifestPut(String repository, String reference, RequestBody manifest) implements RegistryStep<Void> {
    @Override public String method() { return "PUT"; }
    @Override public String path() { return "/v2/" + repository + "/manifests/" + reference; }
    @Override public Map<String, String> headers() { return Map.of(); }
    @Override public Optional<RequestBody> body() { return Optional.of(manifest); }
    @Override public Set<Integer> accepted() { return Set.of(201); }
    @Override public Void read(RegistryResponse response) { return null; }
    @Override public String description() { return "put manifest " + reference + " in " + repository; }
}
