package dev.stowage.cli;

import dev.stowage.event.OutputTarget;
import picocli.CommandLine;

/** Parses {@code --out} values; a bad one is a usage error (exit 2). */
final class OutputTargetConverter implements CommandLine.ITypeConverter<OutputTarget> {
    @Override
    public OutputTarget convert(String value) {
        try {
            OutputTarget target = OutputTarget.parse(value);
            // The whole reference now, not after the build: host, port, repository and tag.
            if (target.transport() == OutputTarget.Transport.DOCKER) RegistryReferences.check(target.location());
            return target;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
