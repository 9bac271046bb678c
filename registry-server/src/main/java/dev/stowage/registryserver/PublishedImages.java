package dev.stowage.registryserver;

import dev.stowage.event.IndexAssembled;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an audit trail says was published: per image name and tag the index of the latest
 * published build (by its {@code Published} time; a build id breaks ties), and the artifact
 * manifests (SBOMs, provenance) the published builds attached, whatever their subject (an SBOM's is
 * its platform's manifest, the provenance's the index: {@link StoredReferrers} reads which).
 * Builds assembled but not published, or failed, are not images yet.
 */
public record PublishedImages(Map<String, Map<String, Digest>> tags, List<Descriptor> referrers) {
    public PublishedImages {
        tags = Map.copyOf(tags);
        referrers = List.copyOf(referrers);
    }

    public static PublishedImages empty() {
        return new PublishedImages(Map.of(), List.of());
    }

    public static PublishedImages of(List<StowageEvent> events) {
        Map<String, IndexAssembled> assembled = new HashMap<>();
        Map<String, Instant> publishedAt = new HashMap<>();
        for (StowageEvent e : events) {
            if (e instanceof IndexAssembled ia) assembled.putIfAbsent(ia.buildId(), ia);
            else if (e instanceof Published p) publishedAt.merge(p.buildId(), p.header().occurredAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        record Latest(Instant at, String buildId, Digest index) {
            boolean newerThan(Latest o) {
                int c = at.compareTo(o.at);
                return c != 0 ? c > 0 : buildId.compareTo(o.buildId) > 0;
            }
        }
        Map<String, Map<String, Latest>> latest = new TreeMap<>();
        Map<Digest, Descriptor> referrers = new TreeMap<>();
        for (IndexAssembled ia : assembled.values()) {
            Instant at = publishedAt.get(ia.buildId());
            if (at == null) continue;
            Latest l = new Latest(at, ia.buildId(), ia.index().digest());
            Map<String, Latest> byTag = latest.computeIfAbsent(ia.name(), n -> new TreeMap<>());
            for (String tag : new TreeSet<>(ia.tags())) byTag.merge(tag, l, (a, b) -> b.newerThan(a) ? b : a);
            ia.referrers().forEach(r -> referrers.putIfAbsent(r.digest(), r));
        }
        Map<String, Map<String, Digest>> tags = new TreeMap<>();
        latest.forEach((name, byTag) -> {
            Map<String, Digest> t = new TreeMap<>();
            byTag.forEach((tag, l) -> t.put(tag, l.index()));
            tags.put(name, t);
        });
        return new PublishedImages(tags, List.copyOf(referrers.values()));
    }

    /** The tags an image name was published under, sorted. */
    public List<String> tagsOf(String name) {
        return List.copyOf(tags.getOrDefault(name, Map.of()).keySet().stream().sorted().toList());
    }

    public Optional<Digest> index(String name, String tag) {
        return Optional.ofNullable(tags.getOrDefault(name, Map.of()).get(tag));
    }
}
