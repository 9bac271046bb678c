package dev.stowage.it.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.cli.Main;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.testsupport.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code submit --wait} on a real broker says within seconds when no planner takes the build, and ends at --timeout. */
class SubmitWaitTest {
    @RegisterExtension static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();
    @TempDir static Path tmp;
    static Path spec;

    @BeforeAll
    static void setUp() throws Exception {
        Path closure = Path.of("../examples/hello/path-info.json").toAbsolutePath().normalize();
        spec = Files.writeString(tmp.resolve("hello.json"), "{\"name\":\"example/hello\",\"tag\":\"1.0\","
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"" + closure + "\"}]}");
    }

    private static CompletableFuture<Integer> submit(String ns, StringWriter err, int timeoutSeconds) {
        String[] args = {"submit", spec.toString(), "--kafka", KAFKA.bootstrapServers(), "--namespace", ns,
                "--blob-store", tmp.resolve(ns + "blobs").toString(), "--out", "oci:" + tmp.resolve(ns + "out"), "--wait",
                "--timeout", String.valueOf(timeoutSeconds)};
        return CompletableFuture.supplyAsync(() -> Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void withoutAPlannerItWarnsWithinSecondsAndEndsAtTheTimeout() throws Exception {
        String ns = SharedKafkaBroker.freshNamespace();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        CompletableFuture<Integer> run = submit(ns, err, 20);
        Await.until(Duration.ofSeconds(15), "the no-planner warning", () -> err.toString().contains("no planner has taken build"), err::toString);
        Duration warnedAfter = Duration.ofNanos(System.nanoTime() - start);
        assertThat(run).as("still waiting after the warning").isNotDone();
        int exit = run.get(60, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(exit).as(err.toString()).isEqualTo(1);
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("stowage: warning: no planner has taken build b-").contains(ns).contains("--timeout 20 s");
        assertThat(lines.get(1)).startsWith("stowage: error: build b-").contains("did not finish within --timeout 20 s");
        assertThat(warnedAfter).isLessThan(Duration.ofSeconds(15));
        assertThat(took).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(50));
        assertThat(tmp.resolve(ns + "out")).doesNotExist();
    }

    /** Waits until some member of consumer group {@code group} holds a partition. */
    private static void awaitAssigned(String group) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Await.until(Duration.ofSeconds(60), "group " + group + " to assign a partition", () -> {
                try {
                    var d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                    return d.members().stream().anyMatch(m -> !m.assignment().topicPartitions().isEmpty());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (ExecutionException e) {
                    return false;
                }
            }, () -> "not yet");
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aRunningPlannerTakesTheBuildSoNoWarning() throws Exception {
        String ns = SharedKafkaBroker.freshNamespace();
        Path dir = Files.createDirectories(tmp.resolve("planner-" + ns));
        ServiceProcess planner = new ServiceProcess("planner", dir, List.of("planner", "--kafka", KAFKA.bootstrapServers(),
                "--namespace", ns, "--blob-store", tmp.resolve(ns + "blobs").toString()));
        try {
            planner.start();
            planner.awaitReady(Fleet.READY);
            // ready means subscribed; the group hands the planner its partitions a moment later
            awaitAssigned(ns + "planner");
            StringWriter err = new StringWriter();
            int exit = submit(ns, err, 12).get(90, TimeUnit.SECONDS);
            // No workers run, so the build cannot finish, but a planner took it: no warning.
            assertThat(exit).as(err.toString()).isEqualTo(1);
            assertThat(err.toString()).doesNotContain("no planner").contains("did not finish within --timeout 12 s");
        } finally {
            planner.terminate(Duration.ofSeconds(60));
        }
    }
}
