package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.blob.StoredBlob;
import dev.stowage.blob.gc.GarbageCollector;
import dev.stowage.blob.gc.GcPlan;
import dev.stowage.blob.gc.GcPolicy;
import dev.stowage.bus.AuditEntry;
import dev.stowage.error.BadInputException;
import dev.stowage.fleet.Catalog;
import dev.stowage.fleet.CatalogEntry;
import dev.stowage.fleet.Catalogs;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code stowage gc --blob-store URL}: deletes what no kept image needs. Kept: the catalog's current
 * images, the last builds per image name and those published recently (from the audit trail),
 * pinned digests, unfinished builds' state, and everything written within the grace period.
 */
@Command(name = "gc", description = "Delete blobs, layer cache entries, finished builds' state and staged uploads that no kept image "
        + "needs; what a running build wrote or reused within --grace always stays. See docs/gc.md.")
final class GcCommand implements Callable<Integer> {
    @Option(names = "--blob-store", paramLabel = "URL", description = "the store to collect (DIR, file:DIR, s3://bucket/prefix?endpoint=…)") String blobStore;
    @Option(names = "--keep-days", paramLabel = "N", description = "keep every image published in the last N days (default ${DEFAULT-VALUE}); "
            + "an unfinished build's state is kept as long") int keepDays = 30;
    @Option(names = "--keep-builds", paramLabel = "K", description = "keep the last K published builds of every image name (default ${DEFAULT-VALUE})") int keepBuilds = 3;
    @Option(names = "--pin", paramLabel = "DIGEST", description = "also keep this index or manifest and all it references (repeatable)") List<String> pins = new ArrayList<>();
    @Option(names = "--catalog", paramLabel = "DIR|kafka://HOST:PORT/TOPIC", description = "the fleet catalog whose current images stay "
            + "(default ~/.cache/stowage/catalog when it exists)") String catalog;
    @Option(names = "--log", paramLabel = "FILE", description = "audit log (default ~/.cache/stowage/audit.jsonl)") Path log;
    @CommandLine.Mixin KafkaOptions kafka;
    @Option(names = "--grace", paramLabel = "SECONDS", description = "never delete what was written or reused in the last SECONDS "
            + "(default ${DEFAULT-VALUE}); longer than any build") long graceSeconds = 3600;
    @Option(names = "--dry-run", description = "print what would be freed; delete nothing") boolean dryRun;
    @Option(names = "--json", description = "print the outcome as one JSON object") boolean json;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    /** What a run did (or, dry, would do). */
    /** A folder store that is not there is a typo, not an empty store: gc neither creates it nor reports it clean. */
    private static void requireExistingStore(String url) {
        if (url.startsWith("s3://") || url.contains("://")) return;
        Path dir = Path.of(url.startsWith("file:") ? url.substring(5) : url);
        if (!Files.isDirectory(dir)) throw new BadInputException("--blob-store", url + ": no blob store there (no such directory)");
    }

    record Outcome(boolean dryRun, String blobStore, int blobsDeleted, long bytesDeleted, int selectorsDeleted, int stagedDeleted,
            int blobsPurged, long bytesPurged, int blobsKept, long bytesKept, int selectorsKept, List<KeptBuilds.Kept> keptBuilds, List<Digest> pins, List<Digest> deleted) {}

    @Override
    public Integer call() throws IOException {
        CommandLine cl = command.commandLine();
        if (blobStore == null) throw new CommandLine.ParameterException(cl, "--blob-store URL is required (gc never guesses which store to delete from)");
        if (keepDays < 0) throw new CommandLine.ParameterException(cl, "--keep-days must be 0 or more, got " + keepDays);
        if (keepBuilds < 0) throw new CommandLine.ParameterException(cl, "--keep-builds must be 0 or more, got " + keepBuilds);
        if (graceSeconds < 0) throw new CommandLine.ParameterException(cl, "--grace must be 0 or more seconds, got " + graceSeconds);
        AuditTrail.checkOptions(kafka, log, cl);
        Set<Digest> pinned = new TreeSet<>();
        for (String p : pins) {
            try {
                pinned.add(Digest.parse(p));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--pin " + p, e.getMessage(), e);
            }
        }
        requireExistingStore(blobStore);
        Instant now = Instant.now();
        Defaults defaults = ProcessContext.of(command).defaults();
        try (BlobStore store = defaults.openBlobStore(blobStore)) {
            AuditTrail trail = AuditTrail.read(kafka, log, defaults, store, " (gc keeps images by what it records)");
            String source = trail.source();
            List<AuditEntry> entries = trail.entries();
            Set<String> names = catalogNames();
            KeptBuilds kept = KeptBuilds.select(entries, names, now, keepDays, keepBuilds);
            if (!kept.catalogNamesWithoutBuild().isEmpty()) {
                throw new BadInputException("--catalog " + catalogLocation(), "image " + kept.catalogNamesWithoutBuild().get(0)
                        + " has no published build in " + source + ", so gc cannot tell its blobs (pin its index with --pin, or build it first)");
            }
            Set<Digest> roots = new TreeSet<>(kept.roots());
            roots.addAll(pinned);
            GarbageCollector gc = new GarbageCollector(store);
            GcPlan plan = gc.plan(roots, new GcPolicy(now, Duration.ofSeconds(graceSeconds), Duration.ofDays(keepDays)));
            for (Digest pin : pinned) {
                if (plan.missingRoots().contains(pin)) throw new BadInputException("--pin " + pin, "not in the blob store " + store.describe());
            }
            GcPlan done = dryRun ? plan : gc.sweep(plan);
            print(new Outcome(dryRun, store.describe(), done.blobsToDelete().size(), done.bytesDeleted(), done.selectorsToDelete().size(),
                    done.stagedToDelete().size(), done.deletedToPurge().size(), done.bytesPurged(), done.kept().size(), done.bytesKept(), done.selectorsKept(), kept.kept(), List.copyOf(pinned),
                    done.blobsToDelete().stream().map(StoredBlob::digest).toList()));
        }
        return ExitCodes.OK;
    }

    private void print(Outcome o) {
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            out.println(Json.canonicalString(o));
            return;
        }
        out.println((o.dryRun() ? "would delete " : "deleted ") + o.blobsDeleted() + " blobs and " + o.stagedDeleted() + " staged uploads ("
                + Sizes.human(o.bytesDeleted()) + "), " + o.selectorsDeleted() + " selectors; " + (o.dryRun() ? "would purge " : "purged ")
                + o.blobsPurged() + " blobs deleted earlier (" + Sizes.human(o.bytesPurged()) + "); kept " + o.blobsKept() + " blobs ("
                + Sizes.human(o.bytesKept()) + ") of " + o.keptBuilds().size() + " builds"
                + (o.pins().isEmpty() ? "" : " and " + o.pins().size() + " pins") + ", " + o.selectorsKept() + " selectors");
        for (KeptBuilds.Kept k : o.keptBuilds()) out.println("  kept " + k.name() + "@" + k.index() + " (" + k.buildId() + "): " + k.reason());
    }

    private String catalogLocation() {
        return catalog != null ? catalog : ProcessContext.of(command).defaults().catalog().toString();
    }

    private Set<String> catalogNames() throws IOException {
        if (catalog == null && !Files.isDirectory(ProcessContext.of(command).defaults().catalog())) return Set.of();
        Catalog c;
        try {
            c = Catalogs.open(catalogLocation());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--catalog", e.getMessage(), e);
        }
        try (c) {
            return c.list().stream().map(CatalogEntry::name).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
