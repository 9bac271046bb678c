package dev.stowage.bus;

import java.time.Clock;

/** Kafka's contract, kept by the in-process bus. */
class InProcessEventBusTest extends EventBusContract {

    @Override
    protected EventBus newBus() {
        return new InProcessEventBus(4, AuditLog.none(), retryPolicy(), Clock.systemUTC(), "test");
    }

    @Override
    protected long size(String topic) {
        return ((InProcessEventBus) bus).size(topic);
    }
}
