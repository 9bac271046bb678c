package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.error.BadInputException;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roles share a host with their default ports; a port another process holds is one line naming the port and the flag, exit 2. */
class ServePortsTest {
    @TempDir Path tmp;

    @Test
    void everyRoleHasItsOwnDefaultHealthPortApartFromTheWebhook() {
        Set<Integer> ports = new HashSet<>();
        for (Role r : Role.values()) assertThat(ports.add(r.defaultHealthPort())).as(r.id()).isTrue();
        assertThat(ports).doesNotContain(8081).containsExactlyInAnyOrder(8080, 8082, 8083, 8084);
        StringWriter out = new StringWriter();
        Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "serve", "--help");
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("planner 8080, layer-worker 8082, assembler 8083, publisher 8084");
    }

    @Test
    void healthPortInUseNamesThePortAndTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            for (String role : new String[] {"planner", "layer-worker", "assembler", "publisher"}) {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int exit = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Main.run(
                        new PrintWriter(out, true), new PrintWriter(err, true), "serve", role, "--kafka", "127.0.0.1:9",
                        "--blob-store", tmp.resolve("b").toString(), "--health-host", "127.0.0.1", "--health-port", String.valueOf(port)));
                assertThat(exit).as(err.toString()).isEqualTo(2);
                assertThat(err.toString().lines().toList()).as(err.toString()).hasSize(1);
                assertThat(err.toString()).contains("--health-port " + port).contains("already in use");
                BadInputAssert.assertNoClassNameOrTrace(err.toString());
                assertThat(out.toString()).isEmpty();
            }
        }
    }

    @Test
    void dashboardPortInUseNamesThePortAndTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = String.valueOf(taken.getLocalPort());
            for (String[] args : List.of(new String[] {"dashboard", "--audit-log", tmp.resolve("audit.jsonl").toString(), "--port", port},
                    new String[] {"serve", "dashboard", "--kafka", "127.0.0.1:9", "--port", port})) {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int exit = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Main.run(
                        new PrintWriter(out, true), new PrintWriter(err, true), args));
                assertThat(exit).as(err.toString()).isEqualTo(2);
                assertThat(err.toString().lines().toList()).as(err.toString()).hasSize(1);
                assertThat(err.toString()).contains("--port " + port).contains("127.0.0.1").contains("already in use");
                BadInputAssert.assertNoClassNameOrTrace(err.toString());
                assertThat(out.toString()).isEmpty();
            }
        }
    }

    @Test
    void stageFlagsDoNotApplyToTheDashboardNorItsFlagsToTheStages() {
        for (String[] args : List.of(new String[] {"serve", "dashboard", "--kafka", "127.0.0.1:9", "--concurrency", "2"},
                new String[] {"serve", "planner", "--kafka", "127.0.0.1:9", "--blob-store", tmp.resolve("b").toString(), "--port", "9"},
                new String[] {"serve", "planner", "--kafka", "127.0.0.1:9"})) {
            StringWriter err = new StringWriter();
            int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
            assertThat(exit).as(err.toString()).isEqualTo(2);
            assertThat(err.toString()).containsAnyOf("do not apply to dashboard", "apply to dashboard only", "--blob-store");
        }
    }

    @Test
    void webhookPortInUseNamesThePortAndTheFlag() throws Exception {
        Files.writeString(tmp.resolve("token"), "secret-token-1234567890");
        Vertx vertx = Vertx.vertx();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            // The webhook starts after the fleet index is read from Kafka: a broker is needed, so the
            // binding is checked here through the same helper the planner uses.
            var e = Assertions.assertThrows(BadInputException.class,
                    () -> Ports.bind(vertx, "--webhook-port", "127.0.0.1", port, req -> req.response().end()));
            assertThat(e.getMessage()).contains("--webhook-port " + port).contains("already in use");
            assertThat(Arrays.asList(e.getMessage().split("\n"))).hasSize(1);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
