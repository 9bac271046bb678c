package dev.stowage.registryserver;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A request the registry answers with a distribution-format error: {@code code} gives the status;
 * {@code retryAfter} is set when trying again later can help (a build still running).
 */
public final class DistributionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final transient Duration retryAfter;

    public DistributionException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    private DistributionException(ErrorCode code, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.retryAfter = retryAfter;
    }

    /** A build that has not finished (yet): 503 with Retry-After, the build goes on. */
    public static DistributionException retryLater(String message, Duration retryAfter) {
        return new DistributionException(ErrorCode.UNAVAILABLE, message, retryAfter, null);
    }

    /** The store or a builder failed for a reason a retry may cure. */
    public static DistributionException unavailable(String message, Throwable cause) {
        return new DistributionException(ErrorCode.UNAVAILABLE, message, Duration.ofSeconds(5), cause);
    }

    public ErrorCode code() {
        return code;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
