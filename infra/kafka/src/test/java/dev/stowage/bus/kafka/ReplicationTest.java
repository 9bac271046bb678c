package dev.stowage.bus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Replication defaults follow the broker count; explicit settings win; impossible ones are refused. */
class ReplicationTest {
    @Test
    void defaultsAreThreeCopiesTwoInSyncAndShrinkToTheCluster() {
        assertThat(Replication.resolve(0, 0, 3)).isEqualTo(new Replication.Settings((short) 3, 2));
        assertThat(Replication.resolve(0, 0, 5)).isEqualTo(new Replication.Settings((short) 3, 2));
        assertThat(Replication.resolve(0, 0, 2)).isEqualTo(new Replication.Settings((short) 2, 1));
        assertThat(Replication.resolve(0, 0, 1)).isEqualTo(new Replication.Settings((short) 1, 1));
    }

    @Test
    void explicitSettingsWin() {
        assertThat(Replication.resolve(1, 0, 3)).isEqualTo(new Replication.Settings((short) 1, 1));
        assertThat(Replication.resolve(5, 3, 5)).isEqualTo(new Replication.Settings((short) 5, 3));
        assertThat(Replication.resolve(0, 1, 3).configs()).containsEntry("min.insync.replicas", "1");
    }

    @Test
    void moreInSyncReplicasThanCopiesIsRefused() {
        assertThatThrownBy(() -> new Replication(2, 3)).hasMessage("min.insync.replicas 3 exceeds the replication factor 2: no write could ever be acknowledged");
        assertThatThrownBy(() -> new Replication(-1, 0)).hasMessageContaining("replication factor must be >= 1");
    }
}
