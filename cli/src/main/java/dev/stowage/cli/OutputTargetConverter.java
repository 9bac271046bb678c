package dev.stowage.cli;

import dev.stowage.event.OutputTarget;
import dev.stowage.publisher.daemon.DaemonReference;
import picocli.CommandLine;

/** Parses {@code --out} values; a bad one is a usage error (exit 2). */
final class OutputTargetConverter implements CommandLine.ITypeConverter<OutputTarget> {
    /** {@code user:password@} after a scheme or at the start: never echoed. */
    private static final java.util.regex.Pattern USERINFO = java.util.regex.Pattern.compile("(^|'|//)[^/@'\\s]+@");

    @Override
    public OutputTarget convert(String value) {
        OutputTarget t;
        try {
            t = OutputTarget.parse(value);
            // The whole reference now, not after the build: host, port, repository and tag.
            if (t.transport() == OutputTarget.Transport.DOCKER) RegistryReferences.check(t.location());
        } catch (IllegalArgumentException e) {
            String why = String.valueOf(e.getMessage());
            // name the output itself, then the reason (which may already quote it)
            String line = why.contains(value) ? why : value + ": " + why;
            throw new CommandLine.TypeConversionException(USERINFO.matcher(line).replaceAll("$1***@"));
        }
        if (t.transport() == OutputTarget.Transport.DOCKER_DAEMON) {
            String why = DaemonReference.problem(t.location());
            if (why != null) throw new CommandLine.TypeConversionException(value + ": " + why);
        }
        return t;
    }
}
