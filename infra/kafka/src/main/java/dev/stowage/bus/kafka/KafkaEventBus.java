package dev.stowage.bus.kafka;

import dev.stowage.bus.EventBus;
import dev.stowage.bus.EventHandler;
import dev.stowage.bus.RetryPolicy;
import dev.stowage.bus.Subscription;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.metrics.BuildMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The bus on Apache Kafka (verified against a real 4.0 broker by {@code KafkaEventBusTest}, which
 * runs the shared {@code EventBusContract}). {@link #publish} uses one idempotent producer with
 * {@code acks=all} and waits for the acknowledgement; topics (and their {@code .dlq}) are created
 * through Admin when first used ({@link TopicCreator}, which waits for their partitions' leaders),
 * every name prefixed with the config's namespace. Each
 * subscription runs {@code concurrency} consumers of one group, each on its own thread
 * ({@link KafkaSubscription}, {@link ConsumerLoop}); a handler's output and its offset commit are
 * one transaction when the config says so ({@link TransactionalCommitter}). Values above the
 * claim-check threshold travel through the blob store ({@link ClaimCheck}).
 */
public final class KafkaEventBus implements EventBus {
    private final KafkaBusConfig config;
    private final Clock clock;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final ClaimCheck claimCheck;
    private final TopicCreator topics;
    private final List<KafkaSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final MeterRegistry meters;
    private final BuildMeters buildMeters;

    /** Without metrics (a registry nothing reads). */
    public KafkaEventBus(KafkaBusConfig config, Clock clock) {
        this(config, clock, new CompositeMeterRegistry());
    }

    /**
     * @param meters where each consumer's own Kafka client metrics (among them {@code records-lag}
     *     per partition) and the dead-letter counts ({@link BuildMeters}) are registered
     */
    public KafkaEventBus(KafkaBusConfig config, Clock clock, MeterRegistry meters) {
        this.config = config;
        this.clock = clock;
        this.meters = meters;
        this.buildMeters = new BuildMeters(meters);
        this.admin = Admin.create(ClientProperties.admin(config));
        this.producer = new KafkaProducer<>(ClientProperties.producer(config, config.clientId() + "-producer", null),
                new StringSerializer(), new ByteArraySerializer());
        this.topics = new TopicCreator(admin, config.partitions(), config.replication());
        this.claimCheck = new ClaimCheck(config.claimChecks(), config.claimCheckThreshold());
    }

    @Override
    public void publish(StowageEvent event) {
        sendAll(List.of(Outgoing.of(event)));
    }

    @Override
    public void publishRaw(String topic, String key, byte[] value) {
        sendAll(List.of(new Outgoing(topic, key, value, new RecordHeaders())));
    }

    /** Sends the records (in order) and waits for every acknowledgement; a failure is rethrown here. */
    void sendAll(List<Outgoing> records) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Outgoing o : records) acks.add(producer.send(toRecord(o)));
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing to " + records.get(i).topic(), e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot publish to " + records.get(i).topic() + ": " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /** The record on the wire: topic in the namespace (created if new), value claim-checked if large. */
    ProducerRecord<String, byte[]> toRecord(Outgoing o) {
        String topic = physical(o.topic());
        topics.ensure(topic);
        byte[] wire = claimCheck.outgoing(o.value(), o.headers());
        return new ProducerRecord<>(topic, null, o.key(), wire, o.headers());
    }

    /** The broker-side name of a topic or group. */
    String physical(String name) {
        return config.namespace() + name;
    }

    /** The name handlers and dead letters see for a broker-side topic. */
    String logical(String physicalTopic) {
        return physicalTopic.substring(config.namespace().length());
    }

    @Override
    public Subscription subscribe(String group, Pattern topics, int concurrency, EventHandler handler) {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1");
        // Topics named outright are created now, so the group is assigned its partitions at start
        // rather than after the first event arrives (a metadata refresh and a rebalance later).
        namedTopics(topics).forEach(t -> this.topics.ensure(physical(t)));
        Pattern inNamespace = Pattern.compile(Pattern.quote(config.namespace()) + "(?:" + topics.pattern() + ")", topics.flags());
        KafkaSubscription sub = new KafkaSubscription(this, group, inNamespace, concurrency, handler);
        subscriptions.add(sub);
        sub.start();
        return sub;
    }

    /** The topic names of a pattern made by {@link Topics#exactly}, or none for any other pattern. */
    static List<String> namedTopics(Pattern topics) {
        List<String> names = new ArrayList<>();
        for (String alternative : topics.pattern().split("\\|", -1)) {
            if (alternative.length() < 4 || !alternative.startsWith("\\Q") || !alternative.endsWith("\\E")
                    || alternative.substring(2, alternative.length() - 2).contains("\\E")) {
                return List.of();
            }
            names.add(alternative.substring(2, alternative.length() - 2));
        }
        return names;
    }

    /**
     * Whether a consumer group (a logical name, as given to {@link #subscribe}) has a member holding
     * partitions right now: a stage is running, however slow it is. False when the broker cannot
     * say within {@code timeout}.
     */
    public boolean hasActiveMembers(String group, Duration timeout) {
        String name = physical(group);
        try {
            var description = admin.describeConsumerGroups(List.of(name)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(name);
            return description != null && description.members().stream().anyMatch(m -> !m.assignment().topicPartitions().isEmpty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    KafkaBusConfig config() {
        return config;
    }

    RetryPolicy retry() {
        return config.retry();
    }

    Clock clock() {
        return clock;
    }

    MeterRegistry meters() {
        return meters;
    }

    BuildMeters buildMeters() {
        return buildMeters;
    }

    ClaimCheck claimCheck() {
        return claimCheck;
    }

    void removed(KafkaSubscription sub) {
        subscriptions.remove(sub);
    }

    /** Closes every subscription, then the clients; a consumer thread's failure is rethrown here. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (KafkaSubscription s : List.copyOf(subscriptions)) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e; else failure.addSuppressed(e);
            }
        }
        producer.close();
        admin.close();
        if (failure != null) throw failure;
    }
}
