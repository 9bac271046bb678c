package dev.stowage.registry;

import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code HEAD /v2/<repo>/manifests/<reference>}: the digest the reference points at, if any. */
public record ManifestHead(String repository, String reference) implements RegistryStep<Optional<Digest>> {
    private static final String ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);

    @Override public String method() { return "HEAD"; }
    @Override public String path() { return "/v2/" + repository + "/manifests/" + reference; }
    @Override public Map<String, String> headers() { return Map.of("Accept", ACCEPT); }
    @Override public Set<Integer> accepted() { return Set.of(200, 404); }

    @Override
    public Optional<Digest> read(RegistryResponse response) {
        if (response.status() == 404) return Optional.empty();
        return response.header("Docker-Content-Digest").map(Digest::parse);
    }

    @Override public String description() { return "check manifest " + reference + " in " + repository; }
}
