package dev.stowage.bus.kafka;

import dev.stowage.bus.EventBus;
import dev.stowage.bus.EventHandler;
import dev.stowage.bus.RetryPolicy;
import dev.stowage.bus.Subscription;
import dev.stowage.event.EventCodec;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * NOT YET VERIFIED AGAINST A BROKER (issue 3 is open): this class compiles and follows the
 * {@code EventBusContract}, but the contract suite has not run on a real Kafka broker yet, and
 * nothing in the CLI uses it. Do not rely on it until {@code KafkaEventBusTest} exists and passes.
 *
 * <p>The bus on Apache Kafka. The producer is idempotent with {@code acks=all}; topics (and their
 * {@code .dlq}) are created through Admin when first used. Each subscription runs
 * {@code concurrency} consumers of one group, each on its own thread (see {@link KafkaSubscription}).
 * Values above the claim-check threshold travel through the blob store ({@link ClaimCheck}).
 */
public final class KafkaEventBus implements EventBus {
    private final KafkaBusConfig config;
    private final Clock clock;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final ClaimCheck claimCheck;
    private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();
    private final List<KafkaSubscription> subscriptions = new CopyOnWriteArrayList<>();

    public KafkaEventBus(KafkaBusConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        a.put(AdminClientConfig.CLIENT_ID_CONFIG, config.clientId() + "-admin");
        this.admin = Admin.create(a);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, config.clientId() + "-producer");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1_048_576, config.claimCheckThreshold() + 65_536));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.claimCheck = new ClaimCheck(config.claimChecks(), config.claimCheckThreshold());
    }

    @Override
    public void publish(StowageEvent event) {
        publishRaw(Topics.of(event), event.partitionKey(), EventCodec.encode(event));
    }

    @Override
    public void publishRaw(String topic, String key, byte[] value) {
        send(topic, key, value, new RecordHeaders());
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    void send(String topic, String key, byte[] value, Headers headers) {
        ensureTopic(topic);
        byte[] wire = claimCheck.outgoing(value, headers);
        try {
            producer.send(new ProducerRecord<>(topic, null, key, wire, headers)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Creates {@code topic} (with the configured partition count) unless this bus saw it already. */
    void ensureTopic(String topic) {
        if (knownTopics.contains(topic)) return;
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(config.partitions()), Optional.empty()))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topic, e);
        }
        knownTopics.add(topic);
    }

    @Override
    public Subscription subscribe(String group, Pattern topics, int concurrency, EventHandler handler) {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1");
        KafkaSubscription sub = new KafkaSubscription(this, group, topics, concurrency, handler);
        subscriptions.add(sub);
        sub.start();
        return sub;
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

    ClaimCheck claimCheck() {
        return claimCheck;
    }

    void removed(KafkaSubscription sub) {
        subscriptions.remove(sub);
    }

    @Override
    public void close() {
        List.copyOf(subscriptions).forEach(KafkaSubscription::close);
        producer.close();
        admin.close();
    }
}
