package dev.stowage.blob.s3;

import dev.stowage.error.BadInputException;
import dev.stowage.error.TransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Runs one S3 call with the store's failure policy: connection failures, 5xx and throttling are
 * retried with capped exponential backoff until {@code window} has passed, then become a
 * {@link TransientException} (the bus retries the task later); refused credentials are bad input
 * naming the endpoint and bucket, never the secret.
 */
final class S3Calls {
    private final S3Location location;
    private final Duration window;

    S3Calls(S3Location location, Duration window) {
        this.location = location;
        this.window = window;
    }

    <T> T run(String what, Supplier<T> call) {
        Instant deadline = Instant.now().plus(window);
        long backoff = 100;
        while (true) {
            try {
                return call.get();
            } catch (S3Exception e) {
                int status = e.statusCode();
                if (status == 401 || status == 403) {
                    throw new BadInputException(location.toString(), "access denied by " + endpoint() + " for bucket " + location.bucket()
                            + " (" + code(e) + "): check the credentials", e);
                }
                if (!(status >= 500 || status == 429) || Instant.now().isAfter(deadline)) throw failure(what, e);
            } catch (SdkClientException e) {
                if (Instant.now().isAfter(deadline)) throw failure(what, e);
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new TransientException(what + " at " + location + " interrupted", ie);
            }
            backoff = Math.min(backoff * 2, 5_000);
        }
    }

    private RuntimeException failure(String what, RuntimeException e) {
        if (e instanceof S3Exception s && s.statusCode() < 500 && s.statusCode() != 429) {
            return new IllegalStateException(what + " at " + location + " failed: " + code(s), e);
        }
        return new TransientException(what + " at " + location + " failed for " + window.toSeconds() + " s: "
                + e.getClass().getSimpleName(), e);
    }

    private String endpoint() {
        return location.endpoint() == null ? "AWS S3 (" + location.region() + ")" : location.endpoint().toString();
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode() + ", HTTP " + e.statusCode();
    }
}
