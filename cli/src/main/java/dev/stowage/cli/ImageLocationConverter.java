package dev.stowage.cli;

import dev.stowage.oci.ImageLocation;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parses {@code --out} values completely when the flag is read (for {@code docker://}: host, port,
 * repository and tag), so a typo fails before any build; a bad one is a usage error (exit 2).
 */
final class ImageLocationConverter implements CommandLine.ITypeConverter<ImageLocation> {
    /** {@code user:password@} after a scheme or at the start: never echoed. */
    private static final Pattern USERINFO = Pattern.compile("(^|'|//)[^/@'\\s]+@");

    @Override
    public ImageLocation convert(String value) {
        try {
            return ImageLocation.parse(value);
        } catch (IllegalArgumentException e) {
            String why = String.valueOf(e.getMessage());
            // name the output itself, then the reason (which may already quote it)
            String line = why.contains(value) ? why : value + ": " + why;
            // a docker-daemon: name has no user information: its '@' is a digest's, shown as written
            throw new CommandLine.TypeConversionException(value.startsWith(ImageLocation.DOCKER_DAEMON) ? line : USERINFO.matcher(line).replaceAll("$1***@"));
        }
    }
}
