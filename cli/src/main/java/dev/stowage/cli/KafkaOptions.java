package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.kafka.KafkaBusConfig;
import dev.stowage.bus.kafka.KafkaEventBus;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --kafka HOST:PORT [--namespace NS] [--instance NAME]}: which cluster, which deployment on it, and who this process is. */
final class KafkaOptions {
    @Option(names = "--kafka", paramLabel = "HOST:PORT", converter = KafkaAddress.Converter.class,
            description = "Kafka bootstrap server") KafkaAddress address;
    @Option(names = "--namespace", paramLabel = "NS", description = "prefix of every topic and consumer group (default none), "
            + "so several deployments can share a cluster") String namespace = "";
    @Option(names = "--instance", paramLabel = "NAME", description = "this process's Kafka client id and transactional-id part: "
            + "unique per running process, stable across its restarts (default HOST-PID: in a container the pod name and 1)") String instance;

    /** Fails with a usage error unless {@code --kafka} was given; checks the other values. */
    KafkaOptions require(CommandLine cl) {
        if (address == null) throw new CommandLine.ParameterException(cl, "--kafka HOST:PORT is required");
        if (!namespace.matches("[A-Za-z0-9._-]*")) throw new CommandLine.ParameterException(cl, "--namespace may hold only letters, digits, '.', '_' and '-', got '" + namespace + "'");
        if (instance != null && !instance.matches("[A-Za-z0-9._-]+")) throw new CommandLine.ParameterException(cl, "--instance may hold only letters, digits, '.', '_' and '-', got '" + instance + "'");
        return this;
    }

    /**
     * A bus on this cluster and namespace; values above Kafka's size limit travel through
     * {@code store} (claim checks). {@code transactional}: a handled record's output and its offset
     * commit are one Kafka transaction (see docs/kafka-bus.md).
     */
    KafkaEventBus openBus(String role, BlobStore store, boolean transactional) {
        String id = "stowage-" + role + "-" + (instance != null ? instance : host() + "-" + ProcessHandle.current().pid());
        return new KafkaEventBus(KafkaBusConfig.of(address.toString(), id, store).withNamespace(namespace)
                .withTransactional(transactional), Clock.systemUTC());
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "-");
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
