package dev.stowage.blob.gc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a small JSON blob points at: every {@code sha256:<hex>} string anywhere in it (an index's
 * manifests, a manifest's config, layers and subject, an assembler state record's previous record and layers,
 * a layer cache record's blob), and its OCI {@code subject} if it has one (a referrer). Reading
 * every digest-shaped string instead of each schema's fields keeps the collector conservative: a
 * document type it does not know keeps what it names. A blob that is not JSON has none.
 */
record DocumentReferences(Set<Digest> digests, Optional<Digest> subject, Optional<JsonNode> json) {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    static final DocumentReferences NONE = new DocumentReferences(Set.of(), Optional.empty(), Optional.empty());

    static DocumentReferences of(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != '{') return NONE;
        JsonNode node;
        try {
            node = Json.reader().readTree(bytes);
        } catch (IOException e) {
            return NONE;
        }
        if (node == null || !node.isObject()) return NONE;
        Set<Digest> out = new TreeSet<>();
        collect(node, out);
        JsonNode subject = node.path("subject").path("digest");
        Optional<Digest> s = subject.isTextual() && DIGEST.matcher(subject.asText()).matches()
                ? Optional.of(Digest.parse(subject.asText())) : Optional.empty();
        return new DocumentReferences(Set.copyOf(out), s, Optional.of(node));
    }

    private static void collect(JsonNode node, Set<Digest> out) {
        if (node.isTextual()) {
            if (DIGEST.matcher(node.asText()).matches()) out.add(Digest.parse(node.asText()));
            return;
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) collect(it.next(), out);
    }

    /**
     * Assembler state: a v2 state record ({@code v}, {@code build}, {@code prev}, {@code event}; the
     * newest of an unfinished build's chain, whose {@code prev} digests reach the rest), a v2 done
     * record ({@code v}, {@code build}, {@code index}: how a finished build ended), or a snapshot of
     * assembler versions before 2 ({@code v}, {@code request}, {@code layers}, {@code images},
     * {@code indexDone}).
     */
    boolean isBuildState() {
        return json.map(n -> (n.path("v").asInt() == 2 && n.has("build") && (n.has("event") || n.has("index")))
                || (n.has("indexDone") && n.has("layers") && n.has("images"))).orElse(false);
    }

    boolean buildFinished() {
        return json.map(n -> n.path("indexDone").asBoolean(false) || (n.path("v").asInt() == 2 && n.has("index"))).orElse(false);
    }
}
