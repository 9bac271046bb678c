package dev.stowage.cli;

import dev.stowage.error.BadInputException;
import dev.stowage.error.FailureText;
import picocli.CommandLine;

/** Prints one line per failure (no stack trace unless STOWAGE_DEBUG is set) and maps it to an exit code. */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    private final boolean debug;

    ErrorReporter(Environment environment) {
        this.debug = environment.variable("STOWAGE_DEBUG").isPresent();
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (debug) e.printStackTrace(cl.getErr());
        if (e instanceof BadInputException b) {
            cl.getErr().println("stowage: error: " + b.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        cl.getErr().println("stowage: error: " + FailureText.line(e));
        return ExitCodes.FAILURE;
    }
}
