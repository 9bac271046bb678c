package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.kafka.KafkaBusConfig;
import dev.stowage.bus.kafka.KafkaEventBus;
import dev.stowage.bus.kafka.Replication;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --kafka HOST:PORT[,…] [--namespace NS] [--instance NAME] [--replication-factor N] [--min-insync-replicas N]}: which cluster, which deployment on it, and who this process is. */
final class KafkaOptions {
    @Option(names = "--kafka", paramLabel = "HOST:PORT[,HOST:PORT...]", converter = KafkaAddress.Converter.class,
            description = "Kafka bootstrap servers") KafkaAddress address;
    @Option(names = "--namespace", paramLabel = "NS", description = "prefix of every topic and consumer group (default none), "
            + "so several deployments can share a cluster") String namespace = "";
    @Option(names = "--instance", paramLabel = "NAME", description = "this process's Kafka client id and transactional-id part: "
            + "unique per running process, stable across its restarts (default HOST-PID: in a container the pod name and 1)") String instance;
    @Option(names = "--replication-factor", paramLabel = "N", description = "replication factor of topics this process creates "
            + "(default: 3, or the number of brokers when fewer)") Integer replicationFactor;
    @Option(names = "--min-insync-replicas", paramLabel = "N", description = "min.insync.replicas of topics this process creates: "
            + "replicas that must have a write before it is acknowledged (default: the replication factor minus 1, at least 1)") Integer minInsyncReplicas;

    /** Fails with a usage error unless {@code --kafka} was given; checks the other values. */
    KafkaOptions require(CommandLine cl) {
        if (address == null) throw new CommandLine.ParameterException(cl, "--kafka HOST:PORT is required");
        if (!namespace.matches("[A-Za-z0-9._-]*")) throw new CommandLine.ParameterException(cl, "--namespace may hold only letters, digits, '.', '_' and '-', got '" + namespace + "'");
        if (instance != null && !instance.matches("[A-Za-z0-9._-]+")) throw new CommandLine.ParameterException(cl, "--instance may hold only letters, digits, '.', '_' and '-', got '" + instance + "'");
        if (replicationFactor != null && (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)) {
            throw new CommandLine.ParameterException(cl, "--replication-factor must be at least 1, got " + replicationFactor);
        }
        if (minInsyncReplicas != null && minInsyncReplicas < 1) throw new CommandLine.ParameterException(cl, "--min-insync-replicas must be at least 1, got " + minInsyncReplicas);
        if (replicationFactor != null && minInsyncReplicas != null && minInsyncReplicas > replicationFactor) {
            throw new CommandLine.ParameterException(cl, "--min-insync-replicas " + minInsyncReplicas + " exceeds --replication-factor "
                    + replicationFactor + ": no write could be acknowledged");
        }
        return this;
    }

    /**
     * A bus on this cluster and namespace; values above Kafka's size limit travel through
     * {@code store} (claim checks). {@code transactional}: a handled record's output and its offset
     * commit are one Kafka transaction (see docs/kafka-bus.md).
     */
    KafkaEventBus openBus(String role, BlobStore store, boolean transactional) {
        return openBus(role, store, transactional, new CompositeMeterRegistry());
    }

    /** @param meters where the consumers' client metrics and dead-letter counts go */
    KafkaEventBus openBus(String role, BlobStore store, boolean transactional, MeterRegistry meters) {
        String id = "stowage-" + role + "-" + (instance != null ? instance : host() + "-" + ProcessHandle.current().pid());
        return new KafkaEventBus(KafkaBusConfig.of(address.toString(), id, store).withNamespace(namespace)
                .withTransactional(transactional).withReplication(replication()), Clock.systemUTC(), meters);
    }

    /** {@code --replication-factor} and {@code --min-insync-replicas}; what is not given comes from the broker count. */
    Replication replication() {
        return new Replication(replicationFactor == null ? 0 : replicationFactor, minInsyncReplicas == null ? 0 : minInsyncReplicas);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "-");
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
