package dev.stowage.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.bus.RetryPolicy;
import dev.stowage.bus.kafka.KafkaBusConfig;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.EventCodec;
import dev.stowage.event.EventHeader;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.NixBase32;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.ContainerConfig;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.Platform;
import dev.stowage.spec.BuildInput;
import dev.stowage.spec.ImageSpec;
import dev.stowage.spec.PlatformInput;
import dev.stowage.spec.PlatformSpec;
import dev.stowage.testsupport.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A build request too large for a Kafka record travels through the blob store; the record only points at it. */
class KafkaClaimCheckTest {
    @RegisterExtension
    static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();
    private static final Platform AMD64 = Platform.parse("linux/amd64");

    @Test
    void aTwentyThousandPathClosureArrivesEqualWhileTheRecordStaysSmall(@TempDir Path dir) throws Exception {
        String ns = SharedKafkaBroker.freshNamespace();
        FileSystemBlobStore store = new FileSystemBlobStore(dir.resolve("blobs"));
        KafkaBusConfig config = KafkaBusConfig.of(KAFKA.bootstrapServers(), "claims", store).withNamespace(ns).withPartitions(2)
                .withRetry(new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(30), 3));
        BuildRequested request = request(closure(20_000));
        byte[] encoded = EventCodec.encode(request);
        assertThat(encoded.length).as("the request is larger than Kafka's default 1 MiB record limit").isGreaterThan(1_048_576);
        List<StowageEvent> received = new CopyOnWriteArrayList<>();
        try (KafkaEventBus bus = new KafkaEventBus(config, Clock.systemUTC())) {
            bus.subscribe("planner", Topics.exactly(Topics.BUILD_REQUESTED), 1, (e, out) -> received.add(e));
            bus.publish(request);
            Await.until(Duration.ofSeconds(90), "the request to arrive", () -> !received.isEmpty());
        }
        assertThat(received).hasSize(1);
        BuildRequested got = (BuildRequested) received.get(0);
        assertThat(got.input().platforms().get(0).closure().size()).isEqualTo(20_000);
        assertThat(got).isEqualTo(request);

        ConsumerRecord<String, byte[]> onTopic = onlyRecord(ns + Topics.BUILD_REQUESTED);
        assertThat(onTopic.value().length).isLessThan(200);
        Digest claim = Digest.parse(new String(onTopic.headers().lastHeader("stowage.claim-check").value(), StandardCharsets.UTF_8));
        assertThat(new String(onTopic.value(), StandardCharsets.UTF_8)).contains(claim.toString());
        assertThat(store.readAll(claim)).isEqualTo(encoded);
    }

    /** {@code n} store paths, each referring to up to three earlier ones; the root is the last one. */
    static ClosureGraph closure(int n) {
        List<PathInfo> infos = new ArrayList<>(n);
        List<StorePath> paths = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] h = Digest.ofBytes(("path-" + i).getBytes(StandardCharsets.UTF_8)).raw();
            StorePath p = StorePath.ofBaseName("/nix/store", NixBase32.encode(Arrays.copyOf(h, 20)) + "-pkg-" + i);
            List<StorePath> refs = new ArrayList<>();
            for (int k = 1; k <= 3 && i - k * 7 >= 0; k++) refs.add(paths.get(i - k * 7));
            if (i > 0) refs.add(paths.get(i - 1));
            paths.add(p);
            infos.add(new PathInfo(p, Digest.ofBytes(h), 1000 + i, refs));
        }
        return ClosureGraph.of(infos);
    }

    private static BuildRequested request(ClosureGraph g) {
        StorePath root = g.infos().get(g.size() - 1).path();
        ImageSpec spec = new ImageSpec("example/large", "1.0", null, 100, null, null, null, null, null, null, null, null, null,
                new ContainerConfig(null, List.of(root + "/bin/app"), null, null, null, null, null, null, null),
                Map.of(), null, null, null, null, null, null, null, null, null,
                List.of(new PlatformSpec(AMD64, "closure.json", List.of())));
        BuildInput input = new BuildInput(spec, List.of(new PlatformInput(AMD64, List.of(root), g)));
        return new BuildRequested(EventHeader.create("large-1", "test", Clock.systemUTC()), input, List.of(ImageLocation.parse("oci:/tmp/large")));
    }

    private static ConsumerRecord<String, byte[]> onlyRecord(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            var parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
            Await.until(Duration.ofSeconds(60), "a record in " + topic, () -> {
                c.poll(Duration.ofMillis(200)).forEach(all::add);
                return !all.isEmpty();
            });
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }
}
