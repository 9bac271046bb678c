package dev.stowage.cli;

import dev.stowage.error.FailureText;
import java.io.PrintWriter;
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
    private final ProcessContext context;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "print diagnostics (bus warnings, registry retries) on stderr instead of $XDG_CACHE_HOME/stowage/stowage.log")
    boolean verbose;

    private Main(ProcessContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        Environment environment = Environment.ofProcess();
        LogSetup.configure(args, environment.defaults());
        System.exit(run(environment, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line and returns the exit code: 0 ok, 2 bad input, 1 any other failure. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, writing results to {@code out} and messages to {@code err}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(Environment.ofProcess(), out, err, args);
    }

    /**
     * Runs the command line in {@code environment}; the Vert.x instance its HTTP clients and servers
     * share is started on first use and closed when the command returns.
     */
    static int run(Environment environment, PrintWriter out, PrintWriter err, String... args) {
        return run(environment, new ProcessVertx(), out, err, args);
    }

    /** As above on {@code vertx}, which is closed when the command returns (tests look at whether it was started). */
    static int run(Environment environment, ProcessVertx vertx, PrintWriter out, PrintWriter err, String... args) {
        try (vertx) {
            CommandLine cl = commandLine(args.length == 0 ? null : args[0], new Main(new ProcessContext(environment, vertx)));
            cl.setOut(out);
            cl.setErr(err);
            cl.setExecutionExceptionHandler(new ErrorReporter(environment));
            cl.setParameterExceptionHandler((e, args1) -> {
                String line = FailureText.line(e);
                e.getCommandLine().getErr().println("stowage: error: " + line
                        + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
                UsageFailures.record(e, line, args1, environment.defaults());
                return ExitCodes.BAD_INPUT;
            });
            return cl.execute(args);
        }
    }

    /** The environment and the Vert.x instance of this run. */
    ProcessContext context() {
        return context;
    }

    /** The whole command tree, unconfigured (tests walk it); nothing in it runs. */
    static CommandLine commandLine() {
        return commandLine(null, new Main(new ProcessContext(Environment.ofProcess(), new ProcessVertx())));
    }

    /**
     * The tree to run a command line whose first argument is {@code first}: only that command when
     * it names one (picocli builds each command's model by reflection when it is added: a tenth of
     * a second for all of them, at every start), else all of them.
     */
    private static CommandLine commandLine(String first, Main main) {
        CommandLine cl = new CommandLine(main);
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
