package dev.stowage.cli;

import dev.stowage.error.FailureText;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stowage} command. */
@Command(name = "stowage", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = Version.class,
        description = "Builds OCI images from Nix store closures.",
        subcommands = {BuildCommand.class, PlanCommand.class, AuditCommand.class, ServeCommand.class, SubmitCommand.class,
                FleetCommand.class, GcCommand.class, MergeArchivesCommand.class, HelpCommand.class, CompletionCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "print diagnostics (bus warnings, registry retries) on stderr instead of $XDG_CACHE_HOME/stowage/stowage.log")
    boolean verbose;

    public static void main(String[] args) {
        LogSetup.configure(args);
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code: 0 ok, 2 bad input, 1 any other failure. */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, writing results to {@code out} and messages to {@code err}. */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new ErrorReporter());
        cl.setParameterExceptionHandler((e, args1) -> {
            String line = FailureText.line(e);
            e.getCommandLine().getErr().println("stowage: error: " + line
                    + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            UsageFailures.record(e, line, args1);
            return ExitCodes.BAD_INPUT;
        });
        return cl.execute(args);
    }

    /** The whole command tree, unconfigured (tests walk it). */
    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (" + String.join(", ", spec.subcommands().keySet()) + ")");
    }
}
