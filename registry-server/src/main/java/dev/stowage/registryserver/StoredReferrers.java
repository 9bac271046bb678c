package dev.stowage.registryserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.blob.BlobStore;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The referrers of a subject: the published builds' artifact manifests whose {@code subject} is
 * it, read from the blob store once each (a manifest's subject never changes), sorted by digest.
 */
public final class StoredReferrers implements Referrers {
    private final BuildHistory history;
    private final BlobStore store;
    private final Map<Digest, Optional<Digest>> subjects = new ConcurrentHashMap<>();

    public StoredReferrers(BuildHistory history, BlobStore store) {
        this.history = history;
        this.store = store;
    }

    @Override
    public List<Descriptor> of(Digest subject) throws IOException {
        List<Descriptor> out = new java.util.ArrayList<>();
        for (Descriptor r : history.images().referrers()) {
            if (subjectOf(r.digest()).filter(subject::equals).isPresent()) out.add(r);
        }
        return List.copyOf(out);
    }

    private Optional<Digest> subjectOf(Digest referrer) throws IOException {
        Optional<Digest> known = subjects.get(referrer);
        if (known != null) return known;
        Optional<Digest> subject;
        try {
            JsonNode node = Json.reader().readTree(store.readAll(referrer));
            JsonNode d = node == null ? null : node.path("subject").get("digest");
            subject = d == null || !d.isTextual() ? Optional.empty() : Optional.of(Digest.parse(d.asText()));
        } catch (BlobNotFoundException gone) {
            return Optional.empty();
        } catch (IllegalArgumentException malformed) {
            subject = Optional.empty();
        }
        subjects.put(referrer, subject);
        return subject;
    }
}
