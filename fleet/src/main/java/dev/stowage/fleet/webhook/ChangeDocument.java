package dev.stowage.fleet.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.event.EventHeader;
import dev.stowage.event.StorePathsChanged;
import dev.stowage.event.StorePathsChanged.NewRoots;
import dev.stowage.event.StorePathsChanged.Replacement;
import dev.stowage.json.Json;
import dev.stowage.nix.ClosureGraphReader;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Platform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The JSON a Hydra or CI hook posts: {@code {"replace":[{"from":P,"to":P}], "roots":[{"image":N,
 * "platform":"linux/amd64","roots":[P]}], "closure": <nix path-info --json -r output>, "source":"…"}}.
 * Every error is an {@link IllegalArgumentException} whose message names the field.
 */
public final class ChangeDocument {
    private static final Set<String> FIELDS = Set.of("replace", "roots", "closure", "source");

    private ChangeDocument() {}

    public static StorePathsChanged parse(byte[] body, EventHeader header, String defaultSource) {
        JsonNode root;
        try {
            root = Json.reader().readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("expected a JSON object");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw new IllegalArgumentException("unknown field '" + f + "' (expected " + FIELDS + ")");
        }
        List<Replacement> replacements = new ArrayList<>();
        int i = 0;
        for (JsonNode r : array(root, "replace")) {
            String at = "replace[" + i++ + "]";
            only(r, at, Set.of("from", "to"));
            replacements.add(field(at, () -> new Replacement(path(r, "from"), path(r, "to"))));
        }
        List<NewRoots> roots = new ArrayList<>();
        i = 0;
        for (JsonNode r : array(root, "roots")) {
            String at = "roots[" + i++ + "]";
            only(r, at, Set.of("image", "platform", "roots"));
            List<StorePath> paths = new ArrayList<>();
            for (JsonNode p : array(r, "roots")) paths.add(field(at + ".roots", () -> StorePath.parse(text(p, "a store path"))));
            Platform platform = r.hasNonNull("platform") ? field(at + ".platform", () -> Platform.parse(text(r.get("platform"), "os/arch"))) : null;
            String image = r.hasNonNull("image") ? field(at + ".image", () -> text(r.get("image"), "an image name")) : null;
            roots.add(field(at, () -> new NewRoots(image, platform, paths)));
        }
        JsonNode closure = root.get("closure");
        if (closure == null) throw new IllegalArgumentException("closure: required (the output of nix path-info --json -r for the new paths)");
        var graph = field("closure", () -> ClosureGraphReader.read(Json.canonicalBytes(closure)));
        String source = root.hasNonNull("source") ? field("source", () -> text(root.get("source"), "a string")) : defaultSource;
        return field("change", () -> new StorePathsChanged(header, replacements, roots, graph.infos(), source));
    }

    private static Iterable<JsonNode> array(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) return List.of();
        if (!n.isArray()) throw new IllegalArgumentException(name + ": expected an array");
        return n;
    }

    private static StorePath path(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return field(name, () -> StorePath.parse(v == null || v.isNull() ? null : text(v, "a store path")));
    }

    /** A JSON string, never a number or boolean turned into text (the one strict reading of user input). */
    private static String text(JsonNode n, String what) {
        if (!n.isTextual()) throw new IllegalArgumentException("expected " + what + " as a JSON string, got " + n.getNodeType().toString().toLowerCase(Locale.ROOT));
        return n.asText();
    }

    private static void only(JsonNode entry, String at, Set<String> fields) {
        if (!entry.isObject()) throw new IllegalArgumentException(at + ": expected an object");
        for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) throw new IllegalArgumentException(at + ": unknown field '" + f + "' (expected " + new TreeSet<>(fields) + ")");
        }
    }

    private static <T> T field(String at, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
        }
    }
}
