package dev.stowage.cli;

import dev.stowage.event.OutputTarget;
import picocli.CommandLine;

/** Parses {@code --out} values; a bad one is a usage error (exit 2). */
final class OutputTargetConverter implements CommandLine.ITypeConverter<OutputTarget> {
    /** {@code user:password@} after a scheme or at the start: never echoed. */
    private static final java.util.regex.Pattern USERINFO = java.util.regex.Pattern.compile("(^|'|//)[^/@'\\s]+@");

    @Override
    public OutputTarget convert(String value) {
        try {
            OutputTarget target = OutputTarget.parse(value);
            // The whole reference now, not after the build: host, port, repository and tag.
            if (target.transport() == OutputTarget.Transport.DOCKER) RegistryReferences.check(target.location());
            return target;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(USERINFO.matcher(String.valueOf(e.getMessage())).replaceAll("$1***@"));
        }
    }
}
