package dev.stowage.event;

import java.util.UUID;
import java.util.regex.Pattern;

/** Build identifiers: short, URL- and file-name-safe. */
public final class BuildIds {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private BuildIds() {}

    public static String random() {
        return "b-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    public static String check(String buildId) {
        if (buildId == null || !ID.matcher(buildId).matches()) {
            throw new IllegalArgumentException("build id must match " + ID.pattern() + ", got '" + buildId + "'");
        }
        return buildId;
    }
}
