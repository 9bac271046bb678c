package dev.stowage.fleet.kafka;

import dev.stowage.bus.kafka.ClientProperties;
import dev.stowage.bus.kafka.Replication;
import dev.stowage.fleet.Catalog;
import dev.stowage.fleet.CatalogEntry;
import dev.stowage.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The catalog as a compacted Kafka topic keyed by image name: a put is a record with the entry's
 * canonical JSON, a remove a tombstone; the broker keeps the last record per name. Writes wait for
 * {@code acks=all}; every read replays the topic from its start to its end offsets at that moment
 * (no consumer group), so a read sees every write acknowledged before it, from any process.
 */
public final class KafkaCatalog implements Catalog, AutoCloseable {
    private final String topic;
    private final String location;
    private final Duration timeout;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;

    /** Opens (and creates, compacted, when missing) {@code topic} on {@code bootstrapServers}, replicated as the cluster allows. */
    public KafkaCatalog(String bootstrapServers, String topic, Duration timeout) throws IOException {
        this(bootstrapServers, topic, timeout, Replication.FROM_CLUSTER);
    }

    /** Opens (and creates, compacted and replicated per {@code replication}, when missing) {@code topic} on {@code bootstrapServers}. */
    public KafkaCatalog(String bootstrapServers, String topic, Duration timeout, Replication replication) throws IOException {
        this.topic = topic;
        this.location = "kafka://" + bootstrapServers + "/" + topic;
        this.timeout = timeout;
        createCompacted(bootstrapServers, topic, timeout, replication);
        String client = "stowage-catalog-" + ProcessHandle.current().pid();
        this.producer = new KafkaProducer<>(ClientProperties.writer(bootstrapServers, client, 16 * 1024 * 1024),
                new StringSerializer(), new ByteArraySerializer());
        this.consumer = new KafkaConsumer<>(ClientProperties.reader(bootstrapServers, client),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static void createCompacted(String bootstrapServers, String topic, Duration timeout, Replication replication) throws IOException {
        try (Admin admin = Admin.create(ClientProperties.admin(bootstrapServers, "stowage-catalog-" + ProcessHandle.current().pid()))) {
            Replication.Settings r = replication.resolve(admin, timeout.toMillis());
            Map<String, String> configs = new TreeMap<>(r.configs());
            configs.put("cleanup.policy", "compact");
            NewTopic t = new NewTopic(topic, 1, r.factor()).configs(configs);
            admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw new IOException("cannot create catalog topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IOException("cannot create catalog topic " + topic + " within " + timeout, e);
        } catch (IllegalStateException e) {
            throw new IOException("cannot create catalog topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(CatalogEntry entry) throws IOException {
        send(entry.name(), Json.canonicalBytes(entry));
    }

    @Override
    public synchronized boolean remove(String name) throws IOException {
        if (!entries().containsKey(name)) return false;
        send(name, null);
        return true;
    }

    @Override
    public Optional<CatalogEntry> get(String name) throws IOException {
        return Optional.ofNullable(entries().get(name));
    }

    @Override
    public List<CatalogEntry> list() throws IOException {
        return new ArrayList<>(entries().values());
    }

    private void send(String name, byte[] value) throws IOException {
        try {
            producer.send(new ProducerRecord<>(topic, name, value)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("cannot write " + name + " to catalog topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IOException("cannot write " + name + " to catalog topic " + topic + " within " + timeout, e);
        }
    }

    /** Replays the topic: name → last entry (tombstones remove). */
    private synchronized TreeMap<String, CatalogEntry> entries() throws IOException {
        List<TopicPartition> parts = consumer.partitionsFor(topic, timeout).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> ends = consumer.endOffsets(parts, timeout);
        TreeMap<String, CatalogEntry> entries = new TreeMap<>();
        Instant deadline = Instant.now().plus(timeout);
        while (parts.stream().anyMatch(tp -> consumer.position(tp, timeout) < ends.get(tp))) {
            if (Instant.now().isAfter(deadline)) throw new IOException("cannot read catalog topic " + topic + " to its end within " + timeout);
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value() == null) entries.remove(r.key());
                else entries.put(r.key(), Json.reader().readValue(r.value(), CatalogEntry.class));
            }
        }
        return entries;
    }

    @Override
    public String describe() {
        return location;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
    }
}
