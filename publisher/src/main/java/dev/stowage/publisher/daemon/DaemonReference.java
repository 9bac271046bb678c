package dev.stowage.publisher.daemon;

import dev.stowage.error.BadInputException;
import dev.stowage.event.OutputTarget;
import dev.stowage.oci.ReferenceGrammar;
import java.util.regex.Pattern;

/**
 * The {@code NAME[:TAG]} of a {@code docker-daemon:} output, as skopeo's docker-daemon transport
 * reads it: a Docker reference, {@code latest} when no tag is given; digests are not taken.
 */
public record DaemonReference(String name, String tag) {
    private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?");

    /** Parses the output's location; bad input naming the output otherwise. */
    public static DaemonReference of(OutputTarget target) {
        String text = target.location();
        String why = problem(text);
        if (why != null) throw new BadInputException(target.toString(), why);
        int slash = text.lastIndexOf('/');
        int colon = text.lastIndexOf(':');
        return colon > slash ? new DaemonReference(text.substring(0, colon), text.substring(colon + 1)) : new DaemonReference(text, "latest");
    }

    /** Why {@code text} is not a docker-daemon reference, or null. */
    public static String problem(String text) {
        if (text.contains("@")) return "docker-daemon: outputs take NAME[:TAG], not a digest";
        int slash = text.lastIndexOf('/');
        int colon = text.lastIndexOf(':');
        String name = colon > slash ? text.substring(0, colon) : text;
        if (colon > slash && !ReferenceGrammar.isTag(text.substring(colon + 1))) {
            return "tag '" + text.substring(colon + 1) + "' must be 1-128 of A-Z a-z 0-9 _ . - and not start with . or -";
        }
        if (name.length() > 255) return "image name is longer than 255 characters";
        String[] parts = name.split("/", -1);
        int first = 0;
        if (parts.length > 1 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"))) {
            if (!HOST.matcher(parts[0]).matches()) return "registry host '" + parts[0] + "' is not a valid host[:port]";
            first = 1;
        }
        for (int i = first; i < parts.length; i++) {
            if (!ReferenceGrammar.isPathComponent(parts[i])) {
                return "name component '" + parts[i] + "' must be lowercase letters and digits, separated by . _ __ or -";
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name + ":" + tag;
    }
}
