package dev.stowage.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Comparator;
import java.util.regex.Pattern;

/** An image platform, written {@code os/architecture[/variant]} on the command line and in specs. */
public record Platform(
        @JsonProperty("os") String os,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("variant") @JsonInclude(JsonInclude.Include.NON_NULL) String variant)
        implements Comparable<Platform> {
    private static final Pattern PART = Pattern.compile("[a-z0-9_]+");
    private static final Comparator<Platform> ORDER = Comparator.comparing(Platform::toString);

    public Platform {
        check("os", os);
        check("architecture", architecture);
        if (variant != null) check("variant", variant);
    }

    private static void check(String what, String value) {
        if (value == null || !PART.matcher(value).matches()) {
            throw new IllegalArgumentException("platform " + what + " must match [a-z0-9_]+, got '" + value + "'");
        }
    }

    /** Parses {@code linux/amd64} or {@code linux/arm64/v8}. */
    public static Platform parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("platform must be os/architecture[/variant], got '" + text + "'");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /** A form usable in topic names and file names: {@code linux-arm64-v8}. */
    public String slug() {
        return toString().replace('/', '-');
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }

    @Override
    public int compareTo(Platform o) {
        return ORDER.compare(this, o);
    }
}
