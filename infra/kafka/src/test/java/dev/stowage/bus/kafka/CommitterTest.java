package dev.stowage.bus.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.error.TransientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which publishing failures a consumer loop treats as transient (retried until the policy's timeout). */
class CommitterTest {

    @Test
    void aRetriableKafkaCauseAnywhereInTheChainIsTransient() {
        RuntimeException f = new IllegalStateException("cannot publish", new KafkaException("in error state", new TimeoutException("no broker")));
        RuntimeException classified = Committer.classify(f);
        assertThat(classified).isInstanceOf(TransientException.class).hasCause(f);
        assertThat(((TransientException) classified).retryable()).isTrue();
    }

    @Test
    void aClaimCheckStoreIoErrorIsTransient() {
        RuntimeException f = new UncheckedIOException("cannot store a claim check", new IOException("disk away"));
        assertThat(Committer.classify(f)).isInstanceOf(TransientException.class);
    }

    @Test
    void aPermanentKafkaErrorStaysAsItIs() {
        RuntimeException f = new KafkaException("send failed", new RecordTooLargeException("too large"));
        assertThat(Committer.classify(f)).isSameAs(f);
    }
}
