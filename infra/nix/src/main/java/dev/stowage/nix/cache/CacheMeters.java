package dev.stowage.nix.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Binary cache meters: {@code stowage_binary_cache_fetches_total{outcome}} (one per store path
 * read from a cache: {@code ok}, {@code refused} when it failed verification, {@code error} when
 * the cache itself failed) and {@code stowage_binary_cache_verification_failures_total{reason}}
 * ({@code narinfo}: absent, invalid or disagreeing with the closure; {@code signature}; {@code hash}:
 * FileHash or NarHash; {@code nar}: malformed, truncated, past its NarSize,
 * or in an unknown compression). No cache URL is a tag.
 */
public final class CacheMeters {
    private final MeterRegistry meters;

    public CacheMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Meters nothing reads. */
    public static CacheMeters none() {
        return new CacheMeters(new CompositeMeterRegistry());
    }

    void fetched(String outcome) {
        Counter.builder("stowage.binary.cache.fetches").description("store paths read from binary caches, by outcome")
                .tag("outcome", outcome).register(meters).increment();
    }

    void verificationFailed(String reason) {
        Counter.builder("stowage.binary.cache.verification.failures").description("binary cache reads refused, by reason")
                .tag("reason", reason).register(meters).increment();
    }
}
