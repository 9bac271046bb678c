package dev.stowage.it.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.testsupport.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two roles on one host with their default health ports both serve; a third on a taken port exits 2 naming port and flag. */
class ServeDefaultPortsTest {
    @RegisterExtension static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();
    @TempDir Path tmp;

    private Process serve(String role, Path dir, String... more) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.stowage.cli.Main", "serve", role,
                "--kafka", KAFKA.bootstrapServers(), "--namespace", NS, "--blob-store", tmp.resolve("blobs").toString(), "--health-host", "127.0.0.1"));
        cmd.addAll(List.of(more));
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve(role + ".out").toFile()).redirectError(dir.resolve(role + ".err").toFile()).start();
    }

    private static final String NS = SharedKafkaBroker.freshNamespace();

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int ready(int port) {
        return ServiceProcess.status(port, "/ready");
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void plannerAndLayerWorkerShareAHostWithDefaultsAndATakenPortIsNamed() throws Exception {
        Assumptions.assumeTrue(free(8080) && free(8082), "ports 8080 and 8082 are held by another process on this machine");
        Path dir = Files.createDirectories(tmp.resolve("logs"));
        Process planner = serve("planner", dir);
        Process worker = serve("layer-worker", dir);
        try {
            Await.until(Duration.ofSeconds(90), "both roles ready on 8080 and 8082", () -> {
                if (!planner.isAlive() || !worker.isAlive()) throw new AssertionError("a role exited: " + read(dir.resolve("planner.err")) + read(dir.resolve("layer-worker.err")));
                return ready(8080) == 200 && ready(8082) == 200;
            }, () -> read(dir.resolve("planner.out")) + read(dir.resolve("layer-worker.out")));
            assertThat(read(dir.resolve("planner.out"))).contains("health http://127.0.0.1:8080/health");
            assertThat(read(dir.resolve("layer-worker.out"))).contains("health http://127.0.0.1:8082/health");

            // A second planner on the same host with the default port: one line, the port and the flag, exit 2.
            Process second = serve("planner", Files.createDirectories(tmp.resolve("second")));
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isEqualTo(2);
            String err = read(tmp.resolve("second").resolve("planner.err"));
            assertThat(err.lines().toList()).as(err).hasSize(1);
            assertThat(err).startsWith("stowage: error: --health-port 8080").contains("already in use").contains("--health-port N");
            assertThat(err).doesNotContainPattern("\\b[A-Z]\\w+(Exception|Error)\\b");
        } finally {
            planner.destroy();
            worker.destroy();
            planner.waitFor(60, TimeUnit.SECONDS);
            worker.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
