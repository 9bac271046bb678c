package dev.stowage.cli;

import dev.stowage.bus.AuditEntry;
import dev.stowage.error.BadInputException;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.StowageEvent;
import dev.stowage.oci.Digest;
import java.util.List;

/** Finds the build that produced a digest (index, manifest, config or layer blob) in an audit trail. */
final class BuildFinder {
    private BuildFinder() {}

    /** {@code ref} is {@code NAME@sha256:HEX}; the latest build that produced that digest wins. */
    static String byDigest(List<AuditEntry> entries, String ref, String source) {
        Digest digest;
        try {
            digest = Digest.parse(ref.substring(ref.indexOf('@') + 1));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(ref, e.getMessage());
        }
        String found = null;
        for (AuditEntry e : entries) {
            if (produced(e.event(), digest)) found = e.event().buildId();
        }
        if (found == null) throw new BadInputException(ref, "no build in " + source + " produced " + digest);
        return found;
    }

    private static boolean produced(StowageEvent e, Digest d) {
        if (e instanceof IndexAssembled i) return i.index().digest().equals(d);
        if (e instanceof ImageAssembled i) return i.manifest().digest().equals(d) || i.config().digest().equals(d);
        if (e instanceof LayerBuilt l) return l.blob().digest().equals(d) || l.diffId().equals(d);
        return false;
    }
}
