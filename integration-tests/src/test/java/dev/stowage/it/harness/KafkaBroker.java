package dev.stowage.it.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka 4.x broker for tests: {@code kafka.Kafka} (KRaft, combined broker and
 * controller, one node) as a separate JVM, its jars copied from Maven Central into
 * {@code test-servers/kafka-broker/target/lib} by the build. Listeners on free loopback ports, data
 * in {@code dir}; storage is formatted once. {@link #stop()} / {@link #kill()} and {@link #start()}
 * again keep the ports and the data, for broker-restart tests.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Duration READY_DEADLINE = Duration.ofSeconds(90);
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;
    /** Ends the broker if the test JVM exits without closing it, so no broker outlives the run. */
    private Thread reaper;

    /** Formats storage in {@code dir} and starts the broker; returns once it answers Admin requests. */
    public KafkaBroker(Path dir) throws IOException, InterruptedException {
        this.dir = Files.createDirectories(dir);
        this.port = freePort();
        this.controllerPort = freePort();
        Files.writeString(properties(), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0") + "\n");
        run("format", List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", properties().toString()));
        start();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker (again) on the same ports and data and waits until it is ready. */
    public void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) throw new IllegalStateException("the broker is already running on port " + port);
        process = java("broker", List.of("kafka.Kafka", properties().toString()));
        Process started = process;
        reaper = new Thread(started::destroyForcibly, "kafka-broker-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        awaitReady();
    }

    /** Graceful shutdown (SIGTERM: the broker flushes and closes its logs); data stays for {@link #start()}. */
    public void stop() throws InterruptedException {
        end(false);
    }

    /** Ends the broker at once, like {@code kill -9}; data stays for {@link #start()}. */
    public void kill() throws InterruptedException {
        end(true);
    }

    public Path log() {
        return dir.resolve("broker.log");
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void end(boolean forcibly) throws InterruptedException {
        if (process == null) return;
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        process = null;
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway; the process is gone
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        Instant deadline = Instant.now().plus(READY_DEADLINE);
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        admin.listTopics().names().get(10, TimeUnit.SECONDS);
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
                    // not ready yet
                }
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IOException("the Kafka broker did not become ready; its log " + log() + ":\n" + tail(log()));
                }
                Thread.sleep(100);
            }
        }
    }

    private Path properties() {
        return dir.resolve("server.properties");
    }

    private void run(String what, List<String> args) throws IOException, InterruptedException {
        Process p = java(what, args);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("Kafka " + what + " did not finish in 120 s");
        }
        if (p.exitValue() != 0) throw new IOException("Kafka " + what + " failed:\n" + tail(dir.resolve(what + ".log")));
    }

    private Process java(String what, List<String> mainAndArgs) throws IOException {
        Path lib = Path.of(System.getProperty("stowage.kafka.broker.lib", "../test-servers/kafka-broker/target/lib")).toAbsolutePath().normalize();
        if (!Files.isDirectory(lib)) {
            throw new IOException(lib + " is missing: run the tests through Maven (the test-servers/kafka-broker module copies the broker's jars there)");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Xms64m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", lib + "/*"));
        cmd.addAll(mainAndArgs);
        Path out = dir.resolve(what + ".log");
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) return "(no log)";
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
