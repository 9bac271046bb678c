package dev.stowage.cli;

import dev.stowage.event.OutputTarget;
import picocli.CommandLine;

/** Parses {@code --out} values; a bad one is a usage error (exit 2). */
final class OutputTargetConverter implements CommandLine.ITypeConverter<OutputTarget> {
    @Override
    public OutputTarget convert(String value) {
        try {
            return OutputTarget.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
