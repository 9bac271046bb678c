package dev.stowage.publisher.registry;

import java.time.Duration;

/**
 * How a {@link RegistryPusher} talks to registries: retries, the time one request may take, the
 * size above which blobs go up in PATCH chunks of that size, and whether TLS is used. With
 * {@code tlsVerify} false every registry is spoken to over plain HTTP; loopback registries always are.
 */
public record PushSettings(RetryPolicy retry, Duration timeout, long chunkSize, boolean tlsVerify) {
    public static final long DEFAULT_CHUNK = 16L * 1024 * 1024;

    public PushSettings {
        if (chunkSize < 1) throw new IllegalArgumentException("chunkSize must be >= 1");
    }

    public static PushSettings defaults() {
        return new PushSettings(RetryPolicy.standard(), Duration.ofMinutes(2), DEFAULT_CHUNK, true);
    }

    public PushSettings withTlsVerify(boolean verify) {
        return new PushSettings(retry, timeout, chunkSize, verify);
    }

    public PushSettings withChunkSize(long size) {
        return new PushSettings(retry, timeout, size, tlsVerify);
    }

    public PushSettings withRetry(RetryPolicy policy) {
        return new PushSettings(policy, timeout, chunkSize, tlsVerify);
    }

    boolean plainHttp(ImageReference target) {
        return !tlsVerify || target.loopback();
    }
}
