package dev.stowage.testsupport;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits for a condition in a test (Awaitility underneath): polls it until it holds, and past the
 * timeout fails with what was awaited and, where given, a description of the state then. Every
 * test waits through here; none sleeps for a fixed time or spins.
 */
public final class Await {
    private static final Duration POLL = Duration.ofMillis(20);

    private Await() {}

    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        until(timeout, what, condition, () -> "");
    }

    public static void until(Duration timeout, String what, BooleanSupplier condition, Supplier<String> state) {
        try {
            Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            String now = state.get();
            throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + (now.isEmpty() ? "" : "\n" + now), e);
        }
    }

    /** Like {@link #until(Duration, String, BooleanSupplier)} for a condition that may throw (a probe, a file read); a throw counts as not yet. */
    public static void untilNoThrow(Duration timeout, String what, Callable<Boolean> condition, Supplier<String> state) {
        until(timeout, what, () -> {
            try {
                return condition.call();
            } catch (Exception notYet) {
                return false;
            }
        }, state);
    }
}
