package dev.stowage.it.bus;

import dev.stowage.bus.RetryPolicy;
import dev.stowage.bus.kafka.KafkaBusConfig;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.event.EventHeader;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.Published;
import dev.stowage.event.Topics;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not a test (surefire does not pick it up by name): the benchmark behind
 * {@code bench/bench-kafka-bus.sh}. Publishes small events one at a time on a real broker and
 * measures publish-to-handle latency, through no stage (one hop) and through one consume-and-produce
 * stage, on an at-least-once and on a transactional bus (every member of it commits through a
 * transaction; consumers always read committed). Writes a Markdown table to target/kafka-bus-bench.md.
 */
class KafkaBusLatencyBench {
    @RegisterExtension
    static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();
    private static final int WARMUP = 100;
    private static final int EVENTS = Integer.getInteger("bench.events", 1000);

    @Test
    void latency() throws Exception {
        StringBuilder table = new StringBuilder("| path (" + EVENTS + " events, one at a time) | median ms | p99 ms |\n| --- | --- | --- |\n");
        row(table, "publish → handler (no stage), at-least-once bus", measure(false, false));
        row(table, "publish → handler (no stage), transactional bus", measure(true, false));
        row(table, "publish → stage → handler, at-least-once bus", measure(false, true));
        row(table, "publish → stage → handler, transactional bus", measure(true, true));
        Files.writeString(Path.of("target/kafka-bus-bench.md"), table);
        System.out.print(table);
    }

    private static void row(StringBuilder table, String what, double[] ms) {
        Arrays.sort(ms);
        table.append(String.format("| %s | %.2f | %.2f |%n", what, ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.99) - 1]));
    }

    /** Milliseconds from publish to the final handler, per event after the warm-up. */
    private static double[] measure(boolean transactional, boolean throughStage) throws Exception {
        KafkaBusConfig config = KafkaBusConfig.of(KAFKA.bootstrapServers(), "bench", null).withNamespace(SharedKafkaBroker.freshNamespace())
                .withPartitions(4).withTransactional(transactional).withRetry(RetryPolicy.defaults());
        BlockingQueue<Long> handledAt = new LinkedBlockingQueue<>();
        double[] ms = new double[EVENTS];
        try (KafkaEventBus bus = new KafkaEventBus(config, Clock.systemUTC())) {
            String sinkTopic = throughStage ? Topics.IMAGE_ASSEMBLED : Topics.PUBLISHED;
            bus.subscribe("sink", Topics.exactly(sinkTopic), 1, (e, out) -> handledAt.add(System.nanoTime()));
            if (throughStage) {
                bus.subscribe("stage", Topics.exactly(Topics.PUBLISHED), 1, (e, out) -> {
                    Descriptor d = Descriptor.of(MediaTypes.OCI_MANIFEST, ((Published) e).index(), 1);
                    out.emit(new ImageAssembled(EventHeader.create(e.buildId(), "stage", Clock.systemUTC()), Platform.parse("linux/amd64"), d, d));
                });
            }
            for (int i = 0; i < WARMUP + EVENTS; i++) {
                long start = System.nanoTime();
                bus.publish(new Published(EventHeader.create("bench-" + (i % 16), "bench", Clock.systemUTC()),
                        Digest.ofBytes(("e" + i).getBytes(StandardCharsets.UTF_8)), List.of()));
                Long end = handledAt.poll(i == 0 ? 120 : 30, TimeUnit.SECONDS);
                if (end == null) throw new AssertionError("event " + i + " was not handled");
                if (i >= WARMUP) ms[i - WARMUP] = (end - start) / 1e6;
            }
        }
        return ms;
    }
}
