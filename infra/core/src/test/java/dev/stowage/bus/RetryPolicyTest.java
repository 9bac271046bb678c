package dev.stowage.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.error.BadInputException;
import dev.stowage.error.RefusedException;
import dev.stowage.error.TransientException;
import dev.stowage.event.BuildFailed;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(10), 4);

    @Test
    void outagesAreRetriedUntilTheTransientTimeout() {
        TransientException outage = new TransientException("registry unavailable", null);
        assertThat(policy.decide(outage, 50, Duration.ofMinutes(9))).isEqualTo(RetryPolicy.Decision.RETRY);
        assertThat(policy.decide(outage, 51, Duration.ofMinutes(10))).isEqualTo(RetryPolicy.Decision.DEAD_LETTER);
    }

    @Test
    void badInputAndRefusalsAreDeadLetteredAtTheFirstFailure() {
        assertThat(policy.decide(new BadInputException("spec.json", "no such file"), 1, Duration.ZERO))
                .isEqualTo(RetryPolicy.Decision.DEAD_LETTER);
        assertThat(policy.decide(new RefusedException("docker://r/app:1", "credentials rejected", null), 1, Duration.ZERO))
                .isEqualTo(RetryPolicy.Decision.DEAD_LETTER);
    }

    @Test
    void unexpectedFailuresGetAFewAttempts() {
        assertThat(policy.decide(new IllegalStateException("bug"), 3, Duration.ZERO)).isEqualTo(RetryPolicy.Decision.RETRY);
        assertThat(policy.decide(new IllegalStateException("bug"), 4, Duration.ZERO)).isEqualTo(RetryPolicy.Decision.DEAD_LETTER);
    }

    @Test
    void aRefusalBecomesABuildFailedOfKindRefusedNamingWhatWasRefused() {
        var failed = Failures.buildFailed("b-1", "publisher", new RefusedException("docker://r/app:1", "credentials rejected", null),
                "test", Clock.systemUTC());
        assertThat(failed.kind()).isEqualTo(BuildFailed.Kind.REFUSED);
        assertThat(failed.input()).isEqualTo("docker://r/app:1");
        assertThat(failed.message()).isEqualTo("docker://r/app:1: credentials rejected");
    }
}
