package dev.stowage.bus;

import dev.stowage.error.BadInputException;
import dev.stowage.error.FailureText;
import dev.stowage.error.RefusedException;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.EventHeader;
import java.time.Clock;

/** Turns a handler failure into the {@code BuildFailed} event and the one-line reason both buses report. */
public final class Failures {
    private Failures() {}

    public static BuildFailed buildFailed(String buildId, String stage, Throwable failure, String producer, Clock clock) {
        EventHeader header = EventHeader.create(buildId, producer, clock);
        if (failure instanceof BadInputException b) {
            return new BuildFailed(header, stage, BuildFailed.Kind.BAD_INPUT, b.input(), oneLine(b));
        }
        if (failure instanceof RefusedException r) {
            return new BuildFailed(header, stage, BuildFailed.Kind.REFUSED, r.subject(), oneLine(r));
        }
        return new BuildFailed(header, stage, BuildFailed.Kind.INTERNAL, "", oneLine(failure));
    }

    /** The message of a failure as one line, in the user's words ({@link dev.stowage.error.FailureText}). */
    public static String oneLine(Throwable t) {
        return FailureText.line(t);
    }
}
