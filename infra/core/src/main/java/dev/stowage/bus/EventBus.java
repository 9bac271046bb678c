package dev.stowage.bus;

import dev.stowage.event.StowageEvent;
import java.util.regex.Pattern;

/**
 * Kafka's contract, for every bus: named topics, a partition key per message (same key, same
 * partition, in order), consumer groups (each message to one member of each group), delivery at
 * least once. A handler's message counts as consumed only after the handler returned and the
 * events it emitted are published; a failed handler sees the message again (transient failure)
 * or the message goes to the topic's dead-letter topic with a {@code BuildFailed} (permanent).
 * Redelivery must therefore be harmless: handlers are idempotent.
 */
public interface EventBus extends AutoCloseable {

    /** Publishes one event; it is durable when this returns. */
    void publish(StowageEvent event);

    /**
     * Publishes raw bytes to a topic, bypassing the codec: for tools, dead letters and tests of
     * poison messages.
     */
    void publishRaw(String topic, String key, byte[] value);

    /**
     * Joins consumer group {@code group} for every topic matching {@code topics} (existing and
     * future) with {@code concurrency} consumer threads.
     */
    Subscription subscribe(String group, Pattern topics, int concurrency, EventHandler handler);

    @Override
    void close();
}
