package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.bus.kafka.Replication;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --kafka} takes a bootstrap list; the replication flags reach the bus config as given, or are left to the cluster. */
class KafkaAddressTest {
    @Test
    void aCommaSeparatedListIsEveryBootstrapServerInOrder() {
        KafkaAddress a = KafkaAddress.parse("kafka-1:9092, kafka-2:9093,10.0.0.3:9094");
        assertThat(a.servers()).extracting(KafkaAddress.Server::host).containsExactly("kafka-1", "kafka-2", "10.0.0.3");
        assertThat(a).hasToString("kafka-1:9092,kafka-2:9093,10.0.0.3:9094");
        assertThat(KafkaAddress.parse("127.0.0.1:9092")).hasToString("127.0.0.1:9092");
        assertThatThrownBy(() -> KafkaAddress.parse("kafka-1:9092,kafka-2")).hasMessage("--kafka must be HOST:PORT[,HOST:PORT...], got 'kafka-1:9092,kafka-2'");
    }

    @Test
    void replicationFlagsAreTheBusSettings() {
        KafkaOptions given = new KafkaOptions();
        new CommandLine(given).parseArgs("--kafka", "k:1", "--replication-factor", "3", "--min-insync-replicas", "2");
        assertThat(given.replication()).isEqualTo(new Replication(3, 2));
        KafkaOptions none = new KafkaOptions();
        new CommandLine(none).parseArgs("--kafka", "k:1");
        assertThat(none.replication()).isEqualTo(Replication.FROM_CLUSTER);
    }
}
