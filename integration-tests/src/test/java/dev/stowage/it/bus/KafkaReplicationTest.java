package dev.stowage.it.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.bus.kafka.KafkaBusConfig;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.bus.kafka.Replication;
import dev.stowage.event.EventHeader;
import dev.stowage.event.Published;
import dev.stowage.event.Topics;
import dev.stowage.fleet.kafka.KafkaCatalog;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.oci.Digest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Topics are created with the configured replication factor and {@code min.insync.replicas}, read
 * back from the (single) test broker: defaults from the broker count (1 broker: RF 1, min ISR 1),
 * an explicit factor the cluster cannot hold is refused by the broker, the catalog topic follows
 * the same rules.
 */
class KafkaReplicationTest {
    @RegisterExtension
    static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();

    private static Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        return Admin.create(p);
    }

    private static Published published(String build) {
        return new Published(EventHeader.create(build, "test", Clock.systemUTC()), Digest.ofBytes(build.getBytes()), List.of());
    }

    /** Replica count of partition 0 and the topic's min.insync.replicas as the broker reports them. */
    private static Map.Entry<Integer, String> described(String topic) throws Exception {
        try (Admin admin = admin()) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config c = admin.describeConfigs(List.of(r)).all().get().get(r);
            assertThat(d.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(d.partitions().get(0).replicas().size()));
            return Map.entry(d.partitions().get(0).replicas().size(), c.get("min.insync.replicas").value());
        }
    }

    private static KafkaBusConfig config(String ns) {
        return KafkaBusConfig.of(KAFKA.bootstrapServers(), "replication", null).withNamespace(ns).withPartitions(2);
    }

    @Test
    void defaultsFollowTheBrokerCount() throws Exception {
        String ns = SharedKafkaBroker.freshNamespace();
        try (KafkaEventBus bus = new KafkaEventBus(config(ns), Clock.systemUTC())) {
            bus.publish(published("r-1"));
        }
        assertThat(described(ns + Topics.PUBLISHED)).isEqualTo(Map.entry(1, "1"));
    }

    @Test
    void anExplicitOverrideIsWhatTheTopicGets() throws Exception {
        String ns = SharedKafkaBroker.freshNamespace();
        try (KafkaEventBus bus = new KafkaEventBus(config(ns).withReplication(new Replication(1, 1)), Clock.systemUTC())) {
            bus.publish(published("r-2"));
        }
        assertThat(described(ns + Topics.PUBLISHED)).isEqualTo(Map.entry(1, "1"));
    }

    @Test
    void aFactorAboveTheBrokerCountIsRefusedNamingTheTopic() {
        String ns = SharedKafkaBroker.freshNamespace();
        try (KafkaEventBus bus = new KafkaEventBus(config(ns).withReplication(new Replication(3, 2)), Clock.systemUTC())) {
            assertThatThrownBy(() -> bus.publish(published("r-3")))
                    .hasMessageContaining("cannot create topic " + ns + Topics.PUBLISHED)
                    .hasMessageContaining("replication factor");
        }
    }

    @Test
    void theCatalogTopicIsCompactedAndReplicatedAsTheClusterAllows() throws Exception {
        String topic = SharedKafkaBroker.freshNamespace() + "catalog";
        try (KafkaCatalog c = new KafkaCatalog(KAFKA.bootstrapServers(), topic, Duration.ofSeconds(60))) {
            assertThat(c.list()).isEmpty();
        }
        assertThat(described(topic)).isEqualTo(Map.entry(1, "1"));
        try (Admin admin = admin()) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(admin.describeConfigs(List.of(r)).all().get().get(r).get("cleanup.policy").value()).isEqualTo("compact");
        }
    }
}
