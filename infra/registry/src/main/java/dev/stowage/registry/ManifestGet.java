package dev.stowage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v2/<repo>/manifests/<reference>} accepting OCI index/manifest and Docker list/v2;
 * empty when the registry does not know the repository or reference (404). The digest is that of
 * the bytes received; a registry's {@code Docker-Content-Digest} or a digest reference that does
 * not match them is refused.
 */
public record ManifestGet(String repository, String reference) implements RegistryStep<Optional<PulledManifest>> {
    static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final List<String> TYPES = List.of(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);

    @Override public String method() { return "GET"; }
    @Override public String path() { return "/v2/" + repository + "/manifests/" + reference; }
    @Override public Map<String, String> headers() { return Map.of("Accept", String.join(", ", TYPES)); }
    @Override public Set<Integer> accepted() { return Set.of(200, 404); }
    @Override public String description() { return "get manifest " + reference + " of " + repository; }

    @Override
    public Optional<PulledManifest> read(RegistryResponse response) {
        if (response.status() == 404) return Optional.empty();
        byte[] body = response.body();
        if (body.length > MAX_BYTES) throw rejected("is larger than " + MAX_BYTES + " bytes");
        Digest digest = Digest.ofBytes(body);
        Optional<Digest> claimed = response.header("Docker-Content-Digest").map(Digest::parse);
        if (claimed.isPresent() && !claimed.get().equals(digest)) throw rejected("has digest " + digest + ", not " + claimed.get() + " as the registry says");
        if (reference.contains(":") && !Digest.parse(reference).equals(digest)) throw rejected("has digest " + digest);
        String type = mediaType(response, body);
        if (!TYPES.contains(type)) throw rejected("has unsupported media type " + type);
        return Optional.of(new PulledManifest(type, body, digest));
    }

    /** The document's own mediaType field wins over Content-Type (some registries serve text/plain). */
    private String mediaType(RegistryResponse response, byte[] body) {
        try {
            JsonNode field = Json.reader().readTree(body).path("mediaType");
            if (field.isTextual()) return field.asText();
        } catch (IOException e) {
            throw rejected("is not JSON");
        }
        return response.header("Content-Type").map(t -> t.split(";")[0].trim()).orElse("");
    }

    private RegistryRejectedException rejected(String what) {
        return new RegistryRejectedException("manifest " + reference + " of " + repository + " " + what, 200, List.of());
    }
}
