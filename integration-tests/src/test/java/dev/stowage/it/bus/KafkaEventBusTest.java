package dev.stowage.it.bus;

import dev.stowage.bus.EventBus;
import dev.stowage.bus.EventBusContract;
import dev.stowage.bus.kafka.KafkaBusConfig;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.it.harness.SharedKafkaBroker;
import java.time.Clock;
import java.time.Duration;
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

    @Override
    protected long size(String topic) {
        return SharedKafkaBroker.size(KAFKA.bootstrapServers(), namespace + topic);
    }

    @Override
    protected Duration patience() {
        return Duration.ofSeconds(60);
    }
}
