package dev.stowage.it.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.it.harness.KafkaBroker;
import dev.stowage.testsupport.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in the middle of a build on Kafka, every stage its own JVM: an assembler restart, a broker
 * restart and a {@code kill -9} of a layer worker holding a task. Each build still publishes the
 * index the in-process build makes. Layers are slow (zstd level 19) so the faults land mid-build.
 * The kill runs last: the killed worker stays a group member until its session times out (10 s).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaPipelineFaultsTest {
    @TempDir static Path tmp;
    static KafkaBroker broker;
    static SlowClosure slow;
    static String reference;

    @BeforeAll
    static void setUp() throws Exception {
        broker = new KafkaBroker(tmp.resolve("kafka"));
        slow = new SlowClosure(Files.createDirectories(tmp.resolve("slow")), 6, 1_500_000);
        reference = Cli.reference(slow.spec, slow.storeRoot, tmp.resolve("reference"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (broker != null) broker.close();
    }

    private static Fleet fleet(String name, int workers) throws Exception {
        List<List<String>> args = Collections.nCopies(workers, List.of());
        return new Fleet(Files.createDirectories(tmp.resolve(name)), broker.bootstrapServers(), "", blobs(name), slow.storeRoot, args);
    }

    private static String blobs(String name) {
        return tmp.resolve(name).resolve("blobs").toString();
    }

    private static CompletableFuture<Cli.Run> submit(String name) {
        return CompletableFuture.supplyAsync(() -> Cli.submitAndWait(broker.bootstrapServers(), "", blobs(name), slow.spec, tmp.resolve(name).resolve("out")));
    }

    private static void assertPublishesTheReference(CompletableFuture<Cli.Run> submitted, Fleet fleet) throws Exception {
        Cli.Run r = submitted.get(400, TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.err() + "\n" + fleet.describe()).isZero();
        assertThat(r.index()).isEqualTo(reference);
    }

    @Test
    @Order(1)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void anAssemblerRestartedMidBuildCompletesIt() throws Exception {
        try (Fleet fleet = fleet("assembler-restart", 2)) {
            CompletableFuture<Cli.Run> submitted = submit("assembler-restart");
            Await.until(Duration.ofSeconds(240), "the assembler's first LayerBuilt",
                    () -> fleet.assembler.lines().stream().anyMatch(l -> l.contains(" done LayerBuilt ")), fleet::describe);
            assertThat(fleet.assembler.terminate(Duration.ofSeconds(60))).as(fleet.describe()).isZero();
            assertThat(submitted).isNotDone();
            fleet.assembler.start();
            fleet.assembler.awaitReady(Fleet.READY);
            assertPublishesTheReference(submitted, fleet);
            List<String> log = fleet.assembler.lines();
            int restarted = lastIndexOf(log, " assembler serving ");
            assertThat(log.subList(restarted, log.size())).as(fleet.describe()).anyMatch(l -> l.contains("IndexAssembled"));
        }
    }

    @Test
    @Order(2)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aBrokerRestartedMidBuildDoesNotStopIt() throws Exception {
        try (Fleet fleet = fleet("broker-restart", 2)) {
            CompletableFuture<Cli.Run> submitted = submit("broker-restart");
            Await.until(Duration.ofSeconds(240), "a first built layer",
                    () -> fleet.workers.stream().anyMatch(w -> w.lines().stream().anyMatch(l -> l.contains(" done LayerTask "))), fleet::describe);
            Instant stopped = Instant.now();
            broker.stop();
            broker.start();
            assertPublishesTheReference(submitted, fleet);
            assertThat(fleet.all()).allMatch(ServiceProcess::alive);
            String published = fleet.publisher.lines().stream().filter(l -> l.contains(" done IndexAssembled ")).findFirst().orElseThrow();
            assertThat(Instant.parse(published.substring(0, published.indexOf(' ')))).as("published after the restart").isAfter(stopped);
        }
    }

    @Test
    @Order(3)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aLayerWorkerKilledWhileHoldingATaskIsReplacedByAnother() throws Exception {
        try (Fleet fleet = fleet("kill-worker", 3)) {
            CompletableFuture<Cli.Run> submitted = submit("kill-worker");
            AtomicReference<ServiceProcess> victim = new AtomicReference<>();
            AtomicReference<String> held = new AtomicReference<>();
            Await.until(Duration.ofSeconds(240), "a worker holding a layer task", () -> {
                for (ServiceProcess w : fleet.workers) {
                    String task = heldTask(w.lines());
                    if (task != null) {
                        victim.set(w);
                        held.set(task);
                        return true;
                    }
                }
                return false;
            }, fleet::describe);
            victim.get().kill();
            assertThat(victim.get().lines()).as("the task finished before the kill; make layers slower")
                    .noneMatch(l -> l.contains(" done LayerTask " + held.get()));
            // The group notices the silent member after its session timeout (10 s, Kafka's default
            // 45 s); the held task's partition then moves to a survivor, which may first finish its own task.
            Await.until(Duration.ofSeconds(35), "another worker starting " + held.get() + " well before Kafka's default 45 s session timeout",
                    () -> fleet.workers.stream().filter(w -> w != victim.get())
                            .anyMatch(w -> w.lines().stream().anyMatch(l -> l.contains(" start LayerTask " + held.get()))), fleet::describe);
            assertPublishesTheReference(submitted, fleet);
            assertThat(fleet.workers).filteredOn(w -> w != victim.get())
                    .as("another worker built " + held.get() + "\n" + fleet.describe())
                    .anyMatch(w -> w.lines().stream().anyMatch(l -> l.contains(" done LayerTask " + held.get())));
        }
    }

    /** The subject of a layer task this worker started and has not finished (build, platform, layer, key), or null. */
    private static String heldTask(List<String> lines) {
        for (String l : lines) {
            int at = l.indexOf(" start LayerTask ");
            if (at < 0) continue;
            String task = l.substring(at + " start LayerTask ".length());
            if (lines.stream().noneMatch(d -> d.contains(" done LayerTask " + task))) return task;
        }
        return null;
    }

    private static int lastIndexOf(List<String> lines, String text) {
        for (int i = lines.size() - 1; i >= 0; i--) if (lines.get(i).contains(text)) return i;
        throw new AssertionError("no line with '" + text + "'");
    }
}
