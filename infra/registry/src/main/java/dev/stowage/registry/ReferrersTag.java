package dev.stowage.registry;

import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The OCI 1.1 referrers tag schema for registries without the referrers API (distribution 2.8):
 * an index tagged {@code sha256-<subject hex>} listing the artifact manifests of that subject.
 */
final class ReferrersTag {
    private ReferrersTag() {}

    static String tagFor(Digest subject) {
        return subject.algorithm() + "-" + subject.hex();
    }

    /** Referrers index bytes per subject, entries sorted by digest. */
    static Map<Digest, byte[]> indexes(List<Descriptor> referrers, Function<Descriptor, ImageManifest> read) {
        Map<Digest, List<Descriptor>> bySubject = new TreeMap<>();
        for (Descriptor r : referrers) {
            ImageManifest m = read.apply(r);
            if (m.subject() == null) throw new IllegalArgumentException("referrer " + r.digest() + " has no subject");
            String type = m.artifactType() != null ? m.artifactType() : m.config().mediaType();
            bySubject.computeIfAbsent(m.subject().digest(), k -> new ArrayList<>())
                    .add(new Descriptor(r.mediaType(), r.digest(), r.size(), m.annotations(), null, type));
        }
        Map<Digest, byte[]> out = new TreeMap<>();
        bySubject.forEach((subject, list) -> {
            list.sort(Comparator.comparing(Descriptor::digest));
            out.put(subject, Json.canonicalBytes(ImageIndex.oci(list, Map.of())));
        });
        return out;
    }
}
