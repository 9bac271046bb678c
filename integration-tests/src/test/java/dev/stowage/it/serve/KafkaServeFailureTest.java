package dev.stowage.it.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.bus.kafka.KafkaBusConfig;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.event.Topics;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.testsupport.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code stowage serve} whose consumer dies does not linger: two planners started with the same
 * {@code --instance} share a transactional id, so the second fences the first; the first's
 * consumer stops on its next record, and the process exits 1 with one line naming the cause (an
 * orchestrator restarts it), while the second goes on.
 */
class KafkaServeFailureTest {
    @RegisterExtension
    static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aFencedPlannerExitsNonZeroNamingTheCauseAndItsTwinGoesOn(@TempDir Path dir) throws Exception {
        String ns = SharedKafkaBroker.freshNamespace();
        List<String> args = List.of("planner", "--kafka", KAFKA.bootstrapServers(), "--namespace", ns,
                "--blob-store", dir.resolve("blobs").toString(), "--instance", "twin");
        ServiceProcess first = new ServiceProcess("planner-first", dir, args);
        ServiceProcess second = new ServiceProcess("planner-second", dir, args);
        try (KafkaEventBus feeder = new KafkaEventBus(KafkaBusConfig.of(KAFKA.bootstrapServers(), "feeder", null)
                .withNamespace(ns).withTransactional(false), Clock.systemUTC())) {
            first.start();
            first.awaitReady(Fleet.READY);
            second.start();
            second.awaitReady(Fleet.READY);
            // Records on every partition: whichever the first planner owns, it handles one (a
            // poison, dead-lettered in a transaction) and learns that it is fenced.
            AtomicInteger sent = new AtomicInteger();
            Await.until(Duration.ofSeconds(120), "the first planner to exit", () -> {
                if (!first.alive()) return true;
                feeder.publishRaw(Topics.BUILD_REQUESTED, "key-" + sent.incrementAndGet(), "not an event".getBytes(StandardCharsets.UTF_8));
                return false;
            }, () -> first.describe() + "\n" + second.describe());
            assertThat(first.awaitExit(Duration.ofSeconds(10))).as(first.describe()).isEqualTo(1);
            assertThat(first.lines()).as(first.describe()).anyMatch(l -> l.contains(" planner stopping: its consumer failed")
                    && l.contains("same client id") && !l.matches(".*\\b[A-Z]\\w+Exception\\b.*"));
            assertThat(second.alive()).as(second.describe()).isTrue();
            second.awaitReady(Duration.ofSeconds(30));
            assertThat(second.terminate(Duration.ofSeconds(60))).as(second.describe()).isZero();
        } finally {
            first.sigterm();
            second.sigterm();
        }
    }
}
