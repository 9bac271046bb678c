package dev.stowage.registry;

import dev.stowage.net.BoundedRetry;
import dev.stowage.oci.ImageName;
import java.time.Duration;

/**
 * How a {@link RegistryPusher} talks to registries: retries, the time one request may take, the
 * size above which blobs go up in PATCH chunks of that size, whether TLS is used, and how many
 * blobs are uploaded at once. With
 * {@code tlsVerify} false every registry is spoken to over plain HTTP; loopback registries always are.
 */
public record PushSettings(BoundedRetry retry, Duration timeout, long chunkSize, boolean tlsVerify, int parallelUploads) {
    public static final long DEFAULT_CHUNK = 16L * 1024 * 1024;
    public static final int DEFAULT_PARALLEL_UPLOADS = 4;

    public PushSettings {
        if (chunkSize < 1) throw new IllegalArgumentException("chunkSize must be >= 1");
        if (parallelUploads < 1) throw new IllegalArgumentException("parallelUploads must be >= 1");
    }

    public static PushSettings defaults() {
        return new PushSettings(BoundedRetry.standard(), Duration.ofMinutes(2), DEFAULT_CHUNK, true, DEFAULT_PARALLEL_UPLOADS);
    }

    public PushSettings withTlsVerify(boolean verify) {
        return new PushSettings(retry, timeout, chunkSize, verify, parallelUploads);
    }

    public PushSettings withChunkSize(long size) {
        return new PushSettings(retry, timeout, size, tlsVerify, parallelUploads);
    }

    public PushSettings withRetry(BoundedRetry policy) {
        return new PushSettings(policy, timeout, chunkSize, tlsVerify, parallelUploads);
    }

    /** How many blobs of one manifest go up at the same time (1: one after the other). */
    public PushSettings withParallelUploads(int n) {
        return new PushSettings(retry, timeout, chunkSize, tlsVerify, n);
    }

    /** Whether {@code registry} ({@code host[:port]}) is spoken to over plain HTTP: loopback registries, or every one without TLS verification. */
    boolean plainHttp(String registry) {
        return !tlsVerify || ImageName.isLoopbackRegistry(registry);
    }
}
