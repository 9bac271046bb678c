package dev.stowage.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stowage help [COMMAND [SUBCOMMAND…]]}: the usage of any command of the tree, nested ones included. */
@Command(name = "help", helpCommand = true, description = "Print the usage of stowage or of a command (e.g. 'stowage help fleet add').")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the command (and subcommands) to describe") List<String> path = List.of();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    private CommandLine parent;
    private CommandLine.Help.ColorScheme colors;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.parent = helpCommandLine.getParent();
        this.colors = colorScheme;
    }

    @Override
    public void run() {
        CommandLine target = parent != null ? parent : spec.root().commandLine();
        for (String name : path) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown command '" + name + "' for '"
                        + target.getCommandSpec().qualifiedName() + "' (commands: "
                        + String.join(", ", target.getSubcommands().keySet()) + ")");
            }
            target = next;
        }
        target.usage(target.getOut(), colors);
    }
}
