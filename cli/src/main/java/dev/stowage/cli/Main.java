package dev.stowage.cli;

import dev.stowage.error.FailureText;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stowage} command. */
@Command(name = "stowage", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = Version.class,
        description = "Builds OCI images from Nix store closures.")
public final class Main implements Runnable {
    /** The commands, in the order help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(BuildCommand.class, PlanCommand.class, AuditCommand.class, DashboardCommand.class, ServeCommand.class,
            SubmitCommand.class, FleetCommand.class, GcCommand.class, MergeArchivesCommand.class, HelpCommand.class, CompletionCommand.class);
    /** Commands that need the whole tree (they describe the other commands). */
    private static final Set<String> WHOLE_TREE = Set.of("help", "completion");

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
        CommandLine cl = commandLine(args.length == 0 ? null : args[0]);
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
        return commandLine(null);
    }

    /**
     * The tree to run a command line whose first argument is {@code first}: only that command when
     * it names one (picocli builds each command's model by reflection when it is added: a tenth of
     * a second for all of them, at every start), else all of them.
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new Main());
        boolean one = first != null && !WHOLE_TREE.contains(first) && COMMANDS.stream().anyMatch(c -> name(c).equals(first));
        for (Class<?> c : COMMANDS) {
            if (!one || name(c).equals(first)) cl.addSubcommand(name(c), c);
        }
        return cl;
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (" + String.join(", ", spec.subcommands().keySet()) + ")");
    }
}
