package dev.stowage.it.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.event.Topics;
import dev.stowage.it.harness.KafkaCluster;
import dev.stowage.it.harness.KafkaNode;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.oci.Platform;
import dev.stowage.testsupport.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-platform build through separate {@code stowage serve} processes on a 3-node KRaft cluster
 * (every node broker and controller) with no replication flags, so the topics get Stowage's
 * defaults on 3 brokers: replication factor 3, min ISR 2. Mid-build (layer tasks are being built,
 * the build is not finished) the broker leading most partitions of the layer-task topics is killed
 * with {@code kill -9}: once restarted, and once for good. Either way the build publishes exactly
 * the in-process build's index, every {@code LayerTask} the planner committed is still on the
 * topics (read from the surviving replicas) and was built, every topic of the build has 3
 * replicas and min ISR 2. Layers are slow (zstd level 19) so the kill lands mid-build. The broker
 * killed for good goes last. Tagged {@code cluster}: run by {@code -Pcluster} (as {@code ./run-tests}
 * does), not by a plain {@code mvn verify}.
 */
@Tag("cluster")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaClusterFailoverTest {
    private static final List<String> PLATFORMS = List.of("linux/amd64", "linux/arm64");
    @TempDir static Path tmp;
    static KafkaCluster cluster;
    static SlowClosure slow;
    static String reference;

    @BeforeAll
    static void setUp() throws Exception {
        cluster = new KafkaCluster(tmp.resolve("kafka"), 3);
        slow = new SlowClosure(Files.createDirectories(tmp.resolve("slow")), 6, 1_500_000);
        reference = Cli.reference(slow.spec, slow.storeRoot, tmp.resolve("reference"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (cluster != null) cluster.close();
    }

    /** A build in its own namespace, its fleet (one layer worker per platform) and the {@code submit --wait} running in the background. */
    private record Build(String name, String namespace, Fleet fleet, CompletableFuture<Cli.Run> submitted) implements AutoCloseable {
        static Build start(String name) throws Exception {
            String ns = SharedKafkaBroker.freshNamespace();
            Path dir = Files.createDirectories(tmp.resolve(name));
            String blobs = dir.resolve("blobs").toString();
            List<List<String>> workers = PLATFORMS.stream().map(p -> List.of("--platform", p)).toList();
            Fleet fleet = new Fleet(dir, cluster.bootstrapServers(), ns, blobs, slow.storeRoot, workers);
            return new Build(name, ns, fleet, CompletableFuture.supplyAsync(
                    () -> Cli.submitAndWait(cluster.bootstrapServers(), ns, blobs, slow.spec, dir.resolve("out"))));
        }

        List<String> taskTopics() {
            return PLATFORMS.stream().map(p -> namespace + Topics.layerTasks(Platform.parse(p))).toList();
        }

        /** Awaits a first built layer while the build is still running. */
        void awaitLayerTasksFlowing() {
            Await.until(Duration.ofSeconds(240), "a first built layer", () -> !doneTasks().isEmpty(), fleet::describe);
            assertThat(submitted).as("the build finished before the fault; make layers slower").isNotDone();
        }

        /** The subjects (build, platform, layer, key) of every layer task some worker finished. */
        Set<String> doneTasks() {
            return fleet.workers.stream().flatMap(w -> w.lines().stream()).filter(l -> l.contains(" done LayerTask "))
                    .map(l -> l.substring(l.indexOf(" done LayerTask ") + " done LayerTask ".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        /**
         * The build published the in-process index after the fault, every layer task was kept and
         * built, every topic has 3 replicas and min ISR 2, and every service is still up.
         */
        void assertCompletedDespite(Fault fault) throws Exception {
            Cli.Run r = submitted.get(400, TimeUnit.SECONDS);
            assertThat(r.exit()).as(r.err() + "\n" + fleet.describe()).isZero();
            assertThat(r.index()).isEqualTo(reference);
            String published = fleet.publisher.lines().stream().filter(l -> l.contains(" done IndexAssembled ")).findFirst().orElseThrow();
            assertThat(Instant.parse(published.substring(0, published.indexOf(' ')))).as("published after the fault").isAfter(fault.at());
            int layers = r.json().get("platforms").get(0).get("layers").size();
            long committed = taskTopics().stream().mapToLong(t -> SharedKafkaBroker.size(cluster.bootstrapServers(), t)).sum();
            assertThat(committed).as("LayerTasks committed on " + taskTopics()).isEqualTo(layers * 2L);
            assertThat(doneTasks()).as("distinct layer tasks built\n" + fleet.describe()).hasSize(layers * 2);
            assertReplicatedThreeTimesWithMinIsrTwo(namespace);
            assertThat(fleet.all()).as(fleet.describe()).allMatch(ServiceProcess::alive);
        }

        @Override
        public void close() throws InterruptedException {
            fleet.close();
        }
    }

    @Test
    @Order(1)
    void theTaskPartitionsLeaderKilledAndRestartedMidBuildDoesNotChangeTheImage() throws Exception {
        try (Build build = Build.start("leader-restart")) {
            Fault fault = killTheTaskLeaderMidBuild(build);
            fault.victim().start();
            build.assertCompletedDespite(fault);
            Await.until(Duration.ofSeconds(60), "the restarted node " + fault.victim().id() + " back in every task partition's ISR",
                    () -> isr(build.taskTopics()).values().stream().allMatch(ids -> ids.contains(fault.victim().id())), build.fleet()::describe);
        }
    }

    /**
     * The topics created after the kill ({@code index-assembled}, {@code published}: their first
     * events come at the build's end) still get 3 replicas, one on the dead node.
     */
    @Test
    @Order(2)
    void aBrokerKilledForGoodMidBuildDoesNotChangeTheImage() throws Exception {
        try (Build build = Build.start("broker-lost")) {
            Fault fault = killTheTaskLeaderMidBuild(build);
            build.assertCompletedDespite(fault);
            Await.until(Duration.ofSeconds(60), "every task partition's ISR the two live nodes, without the dead node " + fault.victim().id(),
                    () -> isr(build.taskTopics()).values().stream().allMatch(ids -> ids.size() == 2 && !ids.contains(fault.victim().id())),
                    () -> isr(build.taskTopics()).toString());
        }
    }

    /** A node killed at an instant. */
    private record Fault(KafkaNode victim, Instant at) {}

    /**
     * Once layer tasks are being built, {@code kill -9} of the node leading most task partitions;
     * returns once the controller has moved all their leaders to the other nodes (after the dead
     * broker's session timed out, 9 s by default), and checks the build is still running then.
     */
    private static Fault killTheTaskLeaderMidBuild(Build build) throws InterruptedException {
        build.awaitLayerTasksFlowing();
        KafkaNode victim = leaderOfMost(build.taskTopics());
        Fault fault = new Fault(victim, Instant.now());
        victim.kill();
        Await.until(Duration.ofSeconds(60), "no task partition led by the killed node " + victim.id(), () -> {
            try {
                return !leaders(build.taskTopics()).contains(victim.id());
            } catch (IllegalStateException notNow) {
                return false;
            }
        }, build.fleet()::describe);
        assertThat(build.submitted()).as("the build finished before the leaders moved; make layers slower").isNotDone();
        return fault;
    }

    /** The node that leads most partitions of {@code topics} now. */
    private static KafkaNode leaderOfMost(List<String> topics) {
        Map<Integer, Long> led = leaders(topics).stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        int id = led.entrySet().stream().max(Map.Entry.<Integer, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .orElseThrow().getKey();
        assertThat(id).as("a leader among " + led).isPositive();
        return cluster.node(id);
    }

    /** The in-sync replicas' node ids of every partition of {@code topics}. */
    private static Map<TopicPartition, Set<Integer>> isr(List<String> topics) {
        return cluster.partitions(topics).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().isr().stream().map(Node::id).collect(Collectors.toSet())));
    }

    /** The leader's node id of every partition of {@code topics} (-1: none). */
    private static List<Integer> leaders(List<String> topics) {
        return cluster.partitions(topics).values().stream().map(p -> p.leader() == null ? -1 : p.leader().id()).toList();
    }

    /** Every topic of {@code namespace} has 3 replicas per partition and {@code min.insync.replicas=2}. */
    private static void assertReplicatedThreeTimesWithMinIsrTwo(String namespace) throws Exception {
        try (Admin admin = cluster.admin()) {
            List<String> topics = admin.listTopics().names().get().stream().filter(t -> t.startsWith(namespace)).sorted().toList();
            assertThat(topics).contains(namespace + Topics.LAYER_BUILT, namespace + Topics.INDEX_ASSEMBLED, namespace + Topics.PUBLISHED);
            assertThat(cluster.partitions(topics)).allSatisfy((partition, p) -> assertThat(p.replicas()).as(partition.toString()).hasSize(3));
            List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            assertThat(configs).allSatisfy((r, c) -> assertThat(c.get("min.insync.replicas").value()).as(r.name()).isEqualTo("2"));
        }
    }
}
