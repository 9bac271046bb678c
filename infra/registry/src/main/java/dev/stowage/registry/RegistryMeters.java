package dev.stowage.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Registry client meters: {@code stowage_registry_requests_total{method, status}} (status class
 * {@code 2xx} … {@code 5xx}, or {@code none} when no answer came), {@code stowage_registry_retries_total}
 * and {@code stowage_registry_pushed_bytes_total} (request bodies the registry accepted: blob
 * uploads and manifests). No registry host, repository or URL is a tag: outputs name them freely.
 */
public final class RegistryMeters {
    private final MeterRegistry meters;
    private final Counter retries;
    private final Counter pushed;

    public RegistryMeters(MeterRegistry meters) {
        this.meters = meters;
        this.retries = Counter.builder("stowage.registry.retries").description("registry requests retried after a transient failure")
                .register(meters);
        this.pushed = Counter.builder("stowage.registry.pushed").baseUnit("bytes").description("request body bytes registries accepted")
                .register(meters);
    }

    /** Meters nothing reads. */
    public static RegistryMeters none() {
        return new RegistryMeters(new CompositeMeterRegistry());
    }

    /** One request: its method and status (0 when it got no answer). */
    void request(String method, int status) {
        Counter.builder("stowage.registry.requests").description("registry requests, by method and status class")
                .tags("method", method, "status", status <= 0 ? "none" : (status / 100) + "xx").register(meters).increment();
    }

    void retried() {
        retries.increment();
    }

    void pushed(long bytes) {
        pushed.increment(bytes);
    }
}
