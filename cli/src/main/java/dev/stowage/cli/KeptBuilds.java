package dev.stowage.cli;

import dev.stowage.bus.AuditEntry;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which builds' images garbage collection keeps, from the audit trail's {@code IndexAssembled} and
 * {@code Published} events: per image name the last {@code keepBuilds} published builds, every
 * build published within {@code keepDays}, the latest published build of every catalog image,
 * and every build whose index is assembled but not yet published or failed (a publisher is at it).
 */
record KeptBuilds(List<Kept> kept, List<String> catalogNamesWithoutBuild) {
    /** One kept build: its image, the index and referrers it made, the digests its outputs hold, and why it stays. */
    record Kept(String name, String buildId, Digest index, Instant publishedAt, String reason, List<Digest> roots) {}

    static KeptBuilds select(List<AuditEntry> entries, Set<String> catalogNames, Instant now, int keepDays, int keepBuilds) {
        Map<String, IndexAssembled> assembled = new TreeMap<>();
        Map<String, Published> published = new HashMap<>();
        Set<String> failed = new HashSet<>();
        for (AuditEntry e : entries) {
            StowageEvent ev = e.event();
            if (ev instanceof IndexAssembled ia) assembled.putIfAbsent(ia.buildId(), ia);
            else if (ev instanceof Published p) published.merge(p.buildId(), p, (a, b) -> a.header().occurredAt().isBefore(b.header().occurredAt()) ? a : b);
            else if (ev instanceof BuildFailed f) failed.add(f.buildId());
        }
        Map<String, List<IndexAssembled>> byName = new TreeMap<>();
        List<Kept> kept = new ArrayList<>();
        for (IndexAssembled ia : assembled.values()) {
            Published p = published.get(ia.buildId());
            if (p != null) {
                byName.computeIfAbsent(ia.name(), n -> new ArrayList<>()).add(ia);
            } else if (!failed.contains(ia.buildId())) {
                kept.add(kept(ia, null, "assembled, not yet published"));
            }
        }
        Instant since = now.minus(Duration.ofDays(keepDays));
        List<String> withoutBuild = new ArrayList<>(new TreeSet<>(catalogNames));
        for (Map.Entry<String, List<IndexAssembled>> e : byName.entrySet()) {
            List<IndexAssembled> builds = e.getValue();
            builds.sort(Comparator.comparing((IndexAssembled ia) -> published.get(ia.buildId()).header().occurredAt()).reversed()
                    .thenComparing(IndexAssembled::buildId));
            withoutBuild.remove(e.getKey());
            for (int i = 0; i < builds.size(); i++) {
                IndexAssembled ia = builds.get(i);
                Published p = published.get(ia.buildId());
                String reason = i == 0 && catalogNames.contains(e.getKey()) ? "current image of the catalog"
                        : i < keepBuilds ? "one of the last " + keepBuilds + " builds"
                        : p.header().occurredAt().isAfter(since) ? "published within " + keepDays + " days" : null;
                if (reason != null) kept.add(kept(ia, p, reason));
            }
        }
        kept.sort(Comparator.comparing(Kept::name).thenComparing(Kept::buildId));
        return new KeptBuilds(List.copyOf(kept), List.copyOf(withoutBuild));
    }

    private static Kept kept(IndexAssembled ia, Published p, String reason) {
        Set<Digest> roots = new TreeSet<>();
        roots.add(ia.index().digest());
        ia.referrers().stream().map(Descriptor::digest).forEach(roots::add);
        if (p != null) {
            roots.add(p.index());
            p.destinations().stream().map(Published.Destination::digest).filter(d -> d != null).forEach(roots::add);
        }
        return new Kept(ia.name(), ia.buildId(), ia.index().digest(), p == null ? null : p.header().occurredAt(), reason, List.copyOf(roots));
    }

    Set<Digest> roots() {
        Set<Digest> out = new TreeSet<>();
        kept.forEach(k -> out.addAll(k.roots()));
        return out;
    }
}
