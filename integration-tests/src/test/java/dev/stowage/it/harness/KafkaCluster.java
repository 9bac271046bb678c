package dev.stowage.it.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft cluster of {@code size} {@link KafkaNode}s on loopback, each a separate JVM with the
 * broker and controller roles, all of them voters of one controller quorum (so it survives the loss
 * of a minority). The brokers' internal topics (consumer offsets, transaction state) have
 * {@code min(3, size)} replicas and a min ISR one lower, as in {@code deploy/compose.yaml}.
 * Every node can be killed ({@code kill -9}) or stopped and started again on its ports and data.
 */
public final class KafkaCluster implements AutoCloseable {
    private final List<KafkaNode> nodes = new ArrayList<>();

    /** Formats and starts {@code size} nodes under {@code dir} (node {@code i} in {@code dir/node-i}); returns once every node is a live broker. */
    public KafkaCluster(Path dir, int size) throws IOException, InterruptedException {
        if (size < 1) throw new IllegalArgumentException("a cluster needs at least one node, got " + size);
        for (int id = 1; id <= size; id++) nodes.add(new KafkaNode(dir.resolve("node-" + id), id));
        String voters = nodes.stream().map(KafkaNode::voter).collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        int replicas = Math.min(3, size);
        try {
            for (KafkaNode n : nodes) n.format(clusterId, voters, replicas, Math.max(1, replicas - 1));
            for (KafkaNode n : nodes) n.launch();
            for (KafkaNode n : nodes) n.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Every node's listener, comma-separated: a client bootstraps from whichever answers. */
    public String bootstrapServers() {
        return nodes.stream().map(KafkaNode::bootstrapServers).collect(Collectors.joining(","));
    }

    public List<KafkaNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The node with this {@code node.id} (1 to size). */
    public KafkaNode node(int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Kafka node " + id + " in a cluster of " + nodes.size()));
    }

    /** Every partition of {@code topics} as {@code describeTopics} reports it now (leader, replicas, ISR), in topic and partition order. */
    public Map<TopicPartition, TopicPartitionInfo> partitions(Collection<String> topics) {
        Map<TopicPartition, TopicPartitionInfo> partitions = new TreeMap<>(
                Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        try (Admin admin = admin()) {
            for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
                d.partitions().forEach(p -> partitions.put(new TopicPartition(d.name(), p.partition()), p));
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe " + topics + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + topics, e);
        }
        return partitions;
    }

    /** An Admin client on the whole cluster; the caller closes it. */
    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(p);
    }

    /**
     * Kills every node: the data is the test's to throw away, and a graceful shutdown of the last
     * nodes would wait for a controller quorum that has already gone.
     */
    @Override
    public void close() throws InterruptedException {
        for (KafkaNode n : nodes) n.kill();
    }
}
