package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.metrics.MeteredBlobStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;

/** Opens {@code --blob-store} as {@link Defaults#openBlobStore} does, its operations metered by store kind ({@code fs}, {@code s3}). */
final class MeteredStores {
    private MeteredStores() {}

    static BlobStore open(Defaults defaults, String url, MeterRegistry meters) throws IOException {
        return new MeteredBlobStore(defaults.openBlobStore(url), kind(url), meters);
    }

    /** With each S3 call retrying for up to {@code retryWindow}. */
    static BlobStore open(Defaults defaults, String url, MeterRegistry meters, Duration retryWindow) throws IOException {
        return new MeteredBlobStore(defaults.openBlobStore(url, retryWindow), kind(url), meters);
    }

    static String kind(String url) {
        return url != null && url.startsWith("s3://") ? "s3" : "fs";
    }
}
