package dev.stowage.nix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code nix path-info --json -r} output. Nix 2.8 prints a JSON array of objects with a
 * {@code path} field; newer Nix prints an object keyed by path. Both are accepted, as are the
 * SRI, base-32 and hex forms of {@code narHash}. Errors are {@link IllegalArgumentException}s
 * whose message says what is wrong; the caller names the file.
 */
public final class ClosureGraphReader {
    private ClosureGraphReader() {}

    public static ClosureGraph read(byte[] json) {
        JsonNode root;
        try {
            root = Json.reader().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) throw new IllegalArgumentException("empty file, expected nix path-info JSON");
        List<PathInfo> infos = new ArrayList<>();
        if (root.isArray()) {
            int i = 0;
            for (JsonNode entry : root) {
                String where = "entry [" + i++ + "]";
                infos.add(info(where, text(entry, "path", where), entry));
            }
        } else if (root.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = root.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue() == null || e.getValue().isNull()) {
                    throw new IllegalArgumentException("path " + e.getKey() + " is not valid in the store it was queried from");
                }
                infos.add(info(e.getKey(), e.getKey(), e.getValue()));
            }
        } else {
            throw new IllegalArgumentException("expected nix path-info JSON (an array or an object), got " + root.getNodeType().toString().toLowerCase());
        }
        if (infos.isEmpty()) throw new IllegalArgumentException("the closure is empty");
        return ClosureGraph.of(infos);
    }

    private static PathInfo info(String where, String path, JsonNode node) {
        if (!node.isObject()) throw new IllegalArgumentException(where + ": expected an object");
        if (node.has("valid") && !node.get("valid").asBoolean(true)) {
            throw new IllegalArgumentException(where + ": path " + path + " is not valid in the store it was queried from");
        }
        try {
            StorePath sp = StorePath.parse(path);
            JsonNode refs = node.get("references");
            List<StorePath> references = new ArrayList<>();
            if (refs != null && !refs.isNull()) {
                if (!refs.isArray()) throw new IllegalArgumentException("references must be a list");
                for (JsonNode r : refs) {
                    String ref = r.asText();
                    references.add(ref.startsWith("/") ? StorePath.parse(ref) : StorePath.ofBaseName(sp.storeDir(), ref));
                }
            }
            JsonNode size = node.get("narSize");
            if (size == null || !size.canConvertToLong()) throw new IllegalArgumentException("narSize is missing or not a number");
            Digest narHash;
            try {
                narHash = NarHash.parse(text(node, "narHash", where));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("narHash: " + e.getMessage(), e);
            }
            return new PathInfo(sp, narHash, size.asLong(), references);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException(where + ": field '" + field + "' is missing or not a string");
        return v.asText();
    }
}
