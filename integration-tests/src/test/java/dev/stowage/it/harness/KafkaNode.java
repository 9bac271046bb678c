package dev.stowage.it.harness;

import dev.stowage.testsupport.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One KRaft node of a test cluster: {@code kafka.Kafka} with the broker and controller roles as a
 * separate JVM, its jars copied from Maven Central into {@code test-servers/kafka-broker/target/lib}
 * by the build. Its two listeners are on free loopback ports chosen at construction, its data and
 * logs in {@code dir}; {@link #stop()} / {@link #kill()} and {@link #start()} again keep both.
 * {@link KafkaBroker} is one such node, {@link KafkaCluster} three.
 */
public final class KafkaNode {
    private static final Duration READY_DEADLINE = Duration.ofSeconds(90);
    private final Path dir;
    private final int id;
    private final int port;
    private final int controllerPort;
    private Process process;
    /** Ends the node if the test JVM exits without stopping it, so no broker outlives the run. */
    private Thread reaper;

    /** A node that is not configured yet: {@link #format} it once, then {@link #start()} it. */
    KafkaNode(Path dir, int id) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.id = id;
        this.port = freePort();
        this.controllerPort = freePort();
    }

    public int id() {
        return id;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** This node in {@code controller.quorum.voters}: {@code ID@127.0.0.1:PORT}. */
    String voter() {
        return id + "@127.0.0.1:" + controllerPort;
    }

    /**
     * Writes the node's properties and formats its storage for cluster {@code clusterId}.
     * {@code voters}: the whole controller quorum; {@code replicas} / {@code minInsync}: replication
     * of the broker's internal topics (consumer offsets, transaction state, share state) and the
     * broker-side defaults for topics created without explicit settings.
     */
    void format(String clusterId, String voters, int replicas, int minInsync) throws IOException, InterruptedException {
        Files.writeString(properties(), String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + id,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "default.replication.factor=" + replicas,
                "min.insync.replicas=" + minInsync,
                "offsets.topic.replication.factor=" + replicas,
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=" + replicas,
                "transaction.state.log.min.isr=" + minInsync,
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=" + replicas,
                "share.coordinator.state.topic.min.isr=" + minInsync,
                "group.initial.rebalance.delay.ms=0") + "\n");
        Process p = java("format", List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties().toString()));
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("formatting Kafka node " + id + " did not finish in 120 s");
        }
        if (p.exitValue() != 0) throw new IOException("formatting Kafka node " + id + " failed:\n" + tail(dir.resolve("format.log")));
    }

    /** Starts the node (again) on the same ports and data and waits until the cluster lists it as a live broker. */
    public void start() throws IOException, InterruptedException {
        launch();
        awaitReady();
    }

    /**
     * Starts the process without waiting: the nodes of a quorum must all be launched before any of
     * them can become ready.
     */
    void launch() throws IOException {
        if (running()) throw new IllegalStateException("Kafka node " + id + " is already running on port " + port);
        process = java("broker", List.of("kafka.Kafka", properties().toString()));
        Process started = process;
        reaper = new Thread(started::destroyForcibly, "kafka-node-" + id + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Graceful shutdown (SIGTERM: the broker flushes and closes its logs); data stays for {@link #start()}. */
    public void stop() throws InterruptedException {
        end(false);
    }

    /** Ends the node at once, like {@code kill -9}; data stays for {@link #start()}. */
    public void kill() throws InterruptedException {
        end(true);
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    public Path log() {
        return dir.resolve("broker.log");
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

    /**
     * Waits until this node answers Admin requests and {@code describeCluster} lists it: a broker
     * is listed once it registered with the controller quorum and caught up with the metadata log
     * (a restarted node that only listens is not ready yet).
     */
    void awaitReady() throws IOException, InterruptedException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(p)) {
            Await.until(READY_DEADLINE, "Kafka node " + id + " to serve", () -> !running() || serves(admin), () -> "");
        }
        if (!running()) throw new IOException("Kafka node " + id + " did not become ready; its log " + log() + ":\n" + tail(log()));
    }

    /** The cluster lists this node and answers a metadata request through it. */
    private boolean serves(Admin admin) {
        try {
            if (admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream().noneMatch(n -> n.id() == id)) return false;
            admin.listTopics().names().get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Path properties() {
        return dir.resolve("server.properties");
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
