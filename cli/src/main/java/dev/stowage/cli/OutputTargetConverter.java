package dev.stowage.cli;

import dev.stowage.event.OutputTarget;
import picocli.CommandLine;

/** Parses {@code --out} values; a bad one is a usage error (exit 2). */
final class OutputTargetConverter implements CommandLine.ITypeConverter<OutputTarget> {
    @Override
    public OutputTarget convert(String value) {
        try {
            OutputTarget t = OutputTarget.parse(value);
            if (t.transport() == OutputTarget.Transport.DOCKER) {
                throw new CommandLine.TypeConversionException("docker:// outputs are not supported yet: '" + value + "'");
            }
            return t;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
