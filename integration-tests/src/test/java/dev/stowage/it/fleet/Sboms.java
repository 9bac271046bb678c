package dev.stowage.it.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the CycloneDX SBOMs attached to one image in an OCI layout that holds many images. */
final class Sboms {
    private Sboms() {}

    /** The store paths listed by the SBOMs whose subject is the image index {@code index} or one of its manifests. */
    static List<String> storePaths(Path layout, Digest index) throws IOException {
        Set<String> subjects = new HashSet<>(List.of(index.toString()));
        for (JsonNode m : blob(layout, index.toString()).get("manifests")) subjects.add(m.get("digest").asText());
        List<String> paths = new ArrayList<>();
        for (JsonNode entry : Json.tree(layout.resolve("referrers.json")).get("manifests")) {
            if (!"application/vnd.cyclonedx+json".equals(entry.path("artifactType").asText())) continue;
            JsonNode artifact = blob(layout, entry.get("digest").asText());
            if (!subjects.contains(artifact.path("subject").path("digest").asText())) continue;
            JsonNode sbom = blob(layout, artifact.get("layers").get(0).get("digest").asText());
            for (JsonNode c : sbom.get("components")) paths.add(c.get("bom-ref").asText());
        }
        return paths;
    }

    private static JsonNode blob(Path layout, String digest) throws IOException {
        return Json.tree(layout.resolve("blobs/sha256/" + digest.substring("sha256:".length())));
    }
}
