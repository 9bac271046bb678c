package dev.stowage.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The real skopeo as an independent reader of images: inspect output as JSON, raw manifest digests. */
public final class Skopeo {
    private Skopeo() {}

    /** The JSON {@code skopeo ARGS} prints, e.g. {@code inspect("--override-arch", "arm64", "inspect", "--config", ref)}. */
    public static JsonNode inspect(String... args) {
        List<String> cmd = new ArrayList<>(List.of("skopeo"));
        cmd.addAll(List.of(args));
        try {
            return Json.reader().readTree(Tools.run(cmd.toArray(String[]::new)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The digest of the manifest or index the last argument names, from its raw bytes; options first (e.g. {@code --tls-verify=false}). */
    public static Digest rawDigest(String... optionsAndRef) {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "inspect", "--raw"));
        cmd.addAll(List.of(optionsAndRef));
        return Digest.ofBytes(Tools.run(cmd.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8));
    }

    /** The strings of a JSON array (empty for a missing node). */
    public static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
