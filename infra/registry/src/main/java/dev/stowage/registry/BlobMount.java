package dev.stowage.registry;

import dev.stowage.oci.Digest;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /v2/<repo>/blobs/uploads/?mount=<digest>&from=<source>}: 201 when mounted; 202
 * when the registry declined and opened an upload instead (its location is returned).
 */
public record BlobMount(String repository, Digest digest, String pullFrom) implements RegistryStep<Optional<String>> {
    @Override public String method() { return "POST"; }
    @Override public String path() { return "/v2/" + repository + "/blobs/uploads/?mount=" + digest + "&from=" + pullFrom; }
    @Override public Set<Integer> accepted() { return Set.of(201, 202); }

    /** Empty when mounted; otherwise the location of the upload the registry opened. */
    @Override
    public Optional<String> read(RegistryResponse response) {
        if (response.status() == 201) return Optional.empty();
        return Optional.of(UploadStart.location(response, description()));
    }

    @Override public String description() { return "mount blob " + digest.shortHex() + " from " + pullFrom + " into " + repository; }
}
