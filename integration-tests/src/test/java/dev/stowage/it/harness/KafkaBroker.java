package dev.stowage.it.harness;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka 4.x broker for tests: one {@link KafkaNode} (KRaft, combined broker and
 * controller, its own one-voter quorum), internal topics with one replica. Listeners on free
 * loopback ports, data in {@code dir}; storage is formatted once. {@link #stop()} / {@link #kill()}
 * and {@link #start()} again keep the ports and the data, for broker-restart tests.
 * {@link KafkaCluster} is the three-node variant.
 */
public final class KafkaBroker implements AutoCloseable {
    private final KafkaNode node;

    /** Formats storage in {@code dir} and starts the broker; returns once it answers Admin requests. */
    public KafkaBroker(Path dir) throws IOException, InterruptedException {
        node = new KafkaNode(dir, 1);
        node.format(Uuid.randomUuid().toString(), node.voter(), 1, 1);
        node.start();
    }

    public String bootstrapServers() {
        return node.bootstrapServers();
    }

    /** Starts the broker (again) on the same ports and data and waits until it is ready. */
    public void start() throws IOException, InterruptedException {
        node.start();
    }

    /** Graceful shutdown (SIGTERM: the broker flushes and closes its logs); data stays for {@link #start()}. */
    public void stop() throws InterruptedException {
        node.stop();
    }

    /** Ends the broker at once, like {@code kill -9}; data stays for {@link #start()}. */
    public void kill() throws InterruptedException {
        node.kill();
    }

    public Path log() {
        return node.log();
    }

    @Override
    public void close() throws InterruptedException {
        node.stop();
    }
}
