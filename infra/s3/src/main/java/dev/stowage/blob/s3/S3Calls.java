package dev.stowage.blob.s3;

import dev.stowage.error.BadInputException;
import dev.stowage.error.FailureText;
import dev.stowage.error.TransientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Runs one S3 call with the store's failure policy: connection failures, timeouts, 5xx and
 * throttling are retried with capped exponential backoff until {@code window} has passed, then
 * become a {@link TransientException} (the bus retries the task later); refused credentials are
 * bad input naming the endpoint and bucket, never the secret; anything else fails at once.
 * The SDK's own retries are off, so this is the only retry policy.
 */
final class S3Calls {
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;
    private final S3Location location;
    private final Duration window;

    S3Calls(S3Location location, Duration window) {
        this.location = location;
        this.window = window;
    }

    <T> T run(String what, Supplier<T> call) {
        long deadline = System.nanoTime() + window.toNanos(); // monotonic: a wall-clock step neither shortens nor stretches the window
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            try {
                return call.get();
            } catch (S3Exception e) {
                int status = e.statusCode();
                if (status == 401 || status == 403) {
                    throw new BadInputException(location.toString(), "access denied by " + endpoint() + " for bucket " + location.bucket()
                            + " (" + code(e) + "): check the credentials", e);
                }
                if (status < 500 && status != 429) throw new IllegalStateException(what + " at " + location + " failed: " + code(e), e);
                if (System.nanoTime() - deadline >= 0) throw transientFailure(what, code(e), e);
            } catch (SdkClientException | UncheckedIOException e) {
                // url-connection-client lets some socket failures through unwrapped (a stale
                // keep-alive connection to a server that restarted: "Unexpected end of file").
                if (!isTransient(e)) throw new IllegalStateException(what + " at " + location + " failed: " + e.getMessage(), e);
                if (System.nanoTime() - deadline >= 0) throw transientFailure(what, rootCause(e), e);
            }
            sleep(Math.min(backoff, Math.max(1, (deadline - System.nanoTime() + 999_999) / 1_000_000)), what);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    /** Whether a failure from {@link #run} is S3's 404 (NoSuchKey, NoSuchUpload). */
    static boolean notFound(RuntimeException e) {
        return e.getCause() instanceof S3Exception s && s.statusCode() == 404;
    }

    /** Network trouble (refused, reset, timed out) is transient; a client-side mistake (no credentials, bad request) is not. */
    private static boolean isTransient(RuntimeException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) return true;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) return true;
        }
        return false;
    }

    private void sleep(long millis, String what) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new TransientException(what + " at " + location + " interrupted", ie);
        }
    }

    private TransientException transientFailure(String what, String reason, RuntimeException e) {
        return new TransientException(what + " at " + location + " still failing after " + window.toSeconds() + " s: " + reason, e);
    }

    private String endpoint() {
        return location.endpoint() == null ? "AWS S3 (" + location.region() + ")" : location.endpoint().toString();
    }

    /** The innermost cause in words ("connection refused"), as the user's error line shows it. */
    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String words = FailureText.line(t);
        return words.isBlank() ? "no answer" : words;
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode() + ", HTTP " + e.statusCode();
    }
}
