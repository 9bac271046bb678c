package dev.stowage.bus;

import dev.stowage.event.StowageEvent;

/**
 * A bus that wraps another's subscriptions (logging, metering) and passes everything else
 * through: publishing and closing go to the wrapped bus unchanged.
 */
public abstract class ForwardingEventBus implements EventBus {
    protected final EventBus bus;

    protected ForwardingEventBus(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void publish(StowageEvent event) {
        bus.publish(event);
    }

    @Override
    public void publishRaw(String topic, String key, byte[] value) {
        bus.publishRaw(topic, key, value);
    }

    @Override
    public void close() {
        bus.close();
    }
}
