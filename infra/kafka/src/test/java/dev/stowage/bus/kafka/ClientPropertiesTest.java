package dev.stowage.bus.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ClientPropertiesTest {
    private static final KafkaBusConfig CONFIG = KafkaBusConfig.of("127.0.0.1:9", "unit", null);

    @Test
    void consumersUseTheConfiguredSessionTimeoutWithHeartbeatsEveryThirdOfIt() {
        Properties c = ClientProperties.consumer(CONFIG, "group", "client");
        assertThat(c.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).isEqualTo(10_000);
        assertThat(c.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)).isEqualTo(3_333);
        Properties shorter = ClientProperties.consumer(CONFIG.withSessionTimeout(Duration.ofSeconds(6)), "group", "client");
        assertThat(shorter.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).isEqualTo(6_000);
        assertThat(shorter.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)).isEqualTo(2_000);
    }

    @Test
    void transactionalProducersKeepOneRequestInFlightAndGiveUpOnASendWithinTheTransactionTimeout() {
        Properties p = ClientProperties.producer(CONFIG, "client", "tx-id");
        assertThat(p.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)).isEqualTo(1);
        assertThat(p.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).isEqualTo(p.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
        assertThat(ClientProperties.producer(CONFIG, "client", null)).doesNotContainKey(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
    }
}
