package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.bus.AuditEntry;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.EventHeader;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.Published;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which builds {@code stowage gc} keeps, and how it refuses bad input. */
class GcCommandTest {
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    @TempDir Path tmp;
    final List<AuditEntry> log = new ArrayList<>();

    private Digest build(String name, String id, Instant published) {
        Digest index = Digest.ofBytes((name + id).getBytes(StandardCharsets.UTF_8));
        Clock at = Clock.fixed(published.minusSeconds(5), ZoneOffset.UTC);
        ImageLocation out = ImageLocation.parse("oci:/tmp/" + id);
        log.add(new AuditEntry("t", id, new IndexAssembled(EventHeader.create(id, "assembler", at), name, "t",
                new Descriptor(MediaTypes.OCI_INDEX, index, 100, null, null), List.of(out))));
        log.add(new AuditEntry("t", id, new Published(EventHeader.create(id, "publisher", Clock.fixed(published, ZoneOffset.UTC)), index,
                List.of(new Published.Destination(out, "t", index)))));
        return index;
    }

    @Test
    void keepsTheLastBuildsPerNameTheRecentOnesTheCatalogsCurrentAndUnpublished() {
        Digest a1 = build("a", "a-1", NOW.minus(Duration.ofDays(40)));
        Digest a2 = build("a", "a-2", NOW.minus(Duration.ofDays(35)));
        Digest a3 = build("a", "a-3", NOW.minus(Duration.ofDays(2)));
        Digest b1 = build("b", "b-1", NOW.minus(Duration.ofDays(50)));
        Digest b2 = build("b", "b-2", NOW.minus(Duration.ofDays(45)));
        Digest c1 = build("c", "c-1", NOW.minus(Duration.ofDays(60)));
        Digest c2 = build("c", "c-2", NOW.minus(Duration.ofDays(61)));
        Digest pending = Digest.ofBytes("pending".getBytes(StandardCharsets.UTF_8));
        log.add(new AuditEntry("t", "a-4", new IndexAssembled(EventHeader.create("a-4", "assembler", Clock.fixed(NOW, ZoneOffset.UTC)), "a", "t",
                new Descriptor(MediaTypes.OCI_INDEX, pending, 1, null, null), List.of(ImageLocation.parse("oci:/tmp/x")))));
        Digest failed = Digest.ofBytes("failed".getBytes(StandardCharsets.UTF_8));
        log.add(new AuditEntry("t", "a-5", new IndexAssembled(EventHeader.create("a-5", "assembler", Clock.fixed(NOW, ZoneOffset.UTC)), "a", "t",
                new Descriptor(MediaTypes.OCI_INDEX, failed, 1, null, null), List.of(ImageLocation.parse("oci:/tmp/y")))));
        log.add(new AuditEntry("t", "a-5", new BuildFailed(EventHeader.create("a-5", "publisher", Clock.fixed(NOW, ZoneOffset.UTC)),
                "publisher", BuildFailed.Kind.REFUSED, "oci:/tmp/y", "refused")));

        KeptBuilds kept = KeptBuilds.select(log, Set.of("b", "d"), NOW, 30, 1);

        // a: the last build; b: the catalog's current (its last); c: the last; a-4 still publishing; a-5 failed
        assertThat(kept.roots()).containsExactlyInAnyOrder(a3, b2, c1, pending);
        assertThat(kept.roots()).doesNotContain(a1, a2, b1, c2, failed);
        assertThat(kept.kept()).extracting(KeptBuilds.Kept::reason)
                .contains("current image of the catalog", "one of the last 1 builds", "assembled, not yet published");
        assertThat(kept.catalogNamesWithoutBuild()).containsExactly("d");

        KeptBuilds recent = KeptBuilds.select(log, Set.of(), NOW, 36, 0);
        assertThat(recent.roots()).containsExactlyInAnyOrder(a2, a3, pending);
    }

    @Test
    void aLogEndingInHalfALineIsReadUpToItsLastCompleteLine() throws IOException {
        Path log = Files.writeString(tmp.resolve("appending.jsonl"), "{\"topic\":\"stowage.published\",\"key\":\"b\",\"ev");
        BadInputAssert.Result r = BadInputAssert.run(BadInputAssert.BOUND, "gc", "--blob-store", Files.createDirectories(tmp.resolve("store")).toString(),
                "--log", log.toString(), "--catalog", Files.createDirectories(tmp.resolve("catalog")).toString(), "--dry-run");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("would delete 0 blobs");
    }

    @Test
    void badInputIsOneLineNamingTheInput() throws IOException {
        Path store = Files.createDirectories(tmp.resolve("store"));
        Path missingLog = tmp.resolve("none.jsonl");
        BadInputAssert.assertRefused(BadInputAssert.run(BadInputAssert.BOUND, "gc", "--log", missingLog.toString()), 2, "--blob-store");
        BadInputAssert.assertRefused(BadInputAssert.run(BadInputAssert.BOUND, "gc", "--blob-store", store.toString(), "--log",
                missingLog.toString()), 2, missingLog.toString());
        Path log = Files.writeString(tmp.resolve("audit.jsonl"), "");
        BadInputAssert.assertRefused(BadInputAssert.run(BadInputAssert.BOUND, "gc", "--blob-store", store.toString(), "--log",
                log.toString(), "--pin", "sha256:nothex"), 2, "--pin sha256:nothex");
        Digest absent = Digest.ofBytes("absent".getBytes(StandardCharsets.UTF_8));
        BadInputAssert.assertRefused(BadInputAssert.run(BadInputAssert.BOUND, "gc", "--blob-store", store.toString(), "--log",
                log.toString(), "--pin", absent.toString()), 2, "--pin " + absent, "not in the blob store");
        BadInputAssert.assertRefused(BadInputAssert.run(BadInputAssert.BOUND, "gc", "--blob-store", store.toString(), "--log",
                log.toString(), "--grace", "-1"), 2, "--grace");
        BadInputAssert.assertRefused(BadInputAssert.run(BadInputAssert.BOUND, "gc", "--blob-store", "ftp://x/y", "--log",
                log.toString()), 2, "--blob-store");
        Path typo = tmp.resolve("stroe");
        BadInputAssert.assertRefused(BadInputAssert.run(BadInputAssert.BOUND, "gc", "--blob-store", typo.toString(), "--log",
                log.toString(), "--dry-run"), 2, "--blob-store", typo.toString(), "no blob store there");
        assertThat(typo).doesNotExist();
    }
}
