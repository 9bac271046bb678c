package dev.stowage.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.bus.EventBus;
import dev.stowage.bus.EventBusContract;
import dev.stowage.bus.Subscription;
import dev.stowage.bus.kafka.KafkaBusConfig;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.event.Topics;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.testsupport.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared {@link EventBusContract} on a real Kafka broker (one broker for the run); each test
 * gets its own namespace, so its topics and groups are new. Transactional, as configured by default.
 */
class KafkaEventBusTest extends EventBusContract {
    @RegisterExtension
    static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();
    private String namespace;

    @Override
    protected EventBus newBus() {
        namespace = SharedKafkaBroker.freshNamespace();
        return new KafkaEventBus(config(namespace), Clock.systemUTC());
    }

    /** The config of this test's bus. */
    protected KafkaBusConfig config(String ns) {
        return KafkaBusConfig.of(KAFKA.bootstrapServers(), "contract", null).withNamespace(ns).withPartitions(4).withRetry(retryPolicy());
    }

    @Test
    void aGroupOnNamedTopicsHoldsItsPartitionsBeforeAnyEvent() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (EventBus bus = newBus(); Admin admin = Admin.create(p);
                Subscription sub = bus.subscribe("named", Topics.exactly(Topics.BUILD_REQUESTED), 1, (event, out) -> { })) {
            assertThat(admin.listTopics().names().get()).contains(namespace + Topics.BUILD_REQUESTED);
            String group = namespace + "named";
            Await.until(patience(), "group " + group + " to hold a partition", () -> assigned(admin, group), () -> "none assigned");
        }
    }

    private static boolean assigned(Admin admin, String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                    .anyMatch(m -> !m.assignment().topicPartitions().isEmpty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    @Override
    protected long size(String topic) {
        return SharedKafkaBroker.size(KAFKA.bootstrapServers(), namespace + topic);
    }

    @Override
    protected Duration patience() {
        return Duration.ofSeconds(60);
    }
}
