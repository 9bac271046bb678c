package dev.stowage.it.bus;

import dev.stowage.bus.kafka.KafkaBusConfig;

/** The shared contract on a real broker with transactions off (send, acknowledge, then commit the offset). */
class AtLeastOnceKafkaEventBusTest extends KafkaEventBusTest {
    @Override
    protected KafkaBusConfig config(String ns) {
        return super.config(ns).withTransactional(false);
    }
}
