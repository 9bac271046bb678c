package dev.stowage.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT end a service cleanly: the first one releases {@link #await()} so the service
 * closes its subscriptions and exits 0; a second one ends the process at once (exit 143).
 */
final class ShutdownSignal {
    private final CountDownLatch received = new CountDownLatch(1);

    ShutdownSignal() {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> {
                if (received.getCount() == 0) Runtime.getRuntime().halt(128 + s.getNumber());
                received.countDown();
            });
        }
    }

    void await() throws InterruptedException {
        received.await();
    }

    /** Waits at most {@code timeout}; true if the signal came. */
    boolean await(Duration timeout) throws InterruptedException {
        return received.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
