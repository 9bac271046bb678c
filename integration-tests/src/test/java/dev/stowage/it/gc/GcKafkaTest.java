package dev.stowage.it.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.AuditLogReader;
import dev.stowage.bus.kafka.KafkaBusConfig;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.oci.Digest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowage gc --kafka}: the kept builds are read from the event topics of a real broker. */
class GcKafkaTest {
    @RegisterExtension static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();
    @TempDir Path tmp;

    @Test
    void keepsTheLastBuildTheTopicsName() throws Exception {
        GcFixture fixture = new GcFixture(tmp);
        String url = "file:" + tmp.resolve("store");
        Path log = tmp.resolve("audit.jsonl");
        fixture.build(1, url, log, tmp.resolve("v1"));
        fixture.build(2, url, log, tmp.resolve("v2"));
        String ns = SharedKafkaBroker.freshNamespace();
        // the two builds' events, as services would have sent them to the topics
        try (FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("store"));
             KafkaEventBus bus = new KafkaEventBus(KafkaBusConfig.of(KAFKA.bootstrapServers(), "gc-test", store).withNamespace(ns), Clock.systemUTC())) {
            for (AuditEntry e : AuditLogReader.read(log)) bus.publish(e.event());
        }
        Set<Digest> v2 = GcFixture.layoutBlobs(tmp.resolve("v2"));
        Set<Digest> v1Only = new TreeSet<>(GcFixture.layoutBlobs(tmp.resolve("v1")));
        v1Only.removeAll(v2);

        GcFixture.Run gc = fixture.gc("--blob-store", url, "--kafka", KAFKA.bootstrapServers(), "--namespace", ns,
                "--keep-builds", "1", "--keep-days", "0", "--grace", "0", "--json");
        assertThat(gc.exit()).as(gc.err()).isZero();
        assertThat(gc.json().get("keptBuilds")).hasSize(1);
        Set<Digest> stored = GcTest.stored(url);
        assertThat(stored).containsAll(v2).doesNotContainAnyElementsOf(v1Only);
    }
}
