package dev.stowage.cli;

import dev.stowage.event.OutputTarget;
import dev.stowage.publisher.daemon.DaemonReference;
import picocli.CommandLine;

/** Parses {@code --out} values; a bad one is a usage error (exit 2). */
final class OutputTargetConverter implements CommandLine.ITypeConverter<OutputTarget> {
    @Override
    public OutputTarget convert(String value) {
        OutputTarget t;
        try {
            t = OutputTarget.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
        if (t.transport() == OutputTarget.Transport.DOCKER_DAEMON) {
            String why = DaemonReference.problem(t.location());
            if (why != null) throw new CommandLine.TypeConversionException(value + ": " + why);
        }
        return t;
    }
}
