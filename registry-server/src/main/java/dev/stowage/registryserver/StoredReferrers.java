package dev.stowage.registryserver;

import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.DocumentSource;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.InvalidDocumentException;
import dev.stowage.oci.StoredImageReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The referrers of a subject: the published builds' artifact manifests whose {@code subject} is
 * it, read from the blob store once each (a manifest's subject never changes, {@link StoredImageReader#ours}),
 * sorted by digest.
 */
public final class StoredReferrers implements Referrers {
    private final BuildHistory history;
    private final StoredImageReader reader;
    private final Map<Digest, Optional<Digest>> subjects = new ConcurrentHashMap<>();

    public StoredReferrers(BuildHistory history, BlobStore store) {
        this.history = history;
        this.reader = StoredImageReader.ours(DocumentSource.of(store));
    }

    @Override
    public List<Descriptor> of(Digest subject) throws IOException {
        List<Descriptor> out = new ArrayList<>();
        for (Descriptor r : history.images().referrers()) {
            if (subjectOf(r).filter(subject::equals).isPresent()) out.add(r);
        }
        return List.copyOf(out);
    }

    private Optional<Digest> subjectOf(Descriptor referrer) throws IOException {
        Optional<Digest> known = subjects.get(referrer.digest());
        if (known != null) return known;
        Optional<Digest> subject;
        try {
            ImageManifest manifest = reader.manifest(referrer);
            subject = manifest.subject() == null ? Optional.empty() : Optional.of(manifest.subject().digest());
        } catch (BlobNotFoundException gone) {
            return Optional.empty();
        } catch (InvalidDocumentException malformed) {
            subject = Optional.empty();
        }
        subjects.put(referrer.digest(), subject);
        return subject;
    }
}
