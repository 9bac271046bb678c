package dev.stowage.oci;

import com.google.re2j.Pattern;

/**
 * The distribution spec's grammar for what names an image: repository path components, repository
 * paths and tags. The one definition for the spec loader, the registry client, the Docker Engine
 * reference and the registry service; each names its own input in its errors.
 */
public final class ReferenceGrammar {
    /** One path component: lower-case letters and digits, joined by {@code .}, {@code _}, {@code __} or dashes. */
    public static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    /** Path components separated by {@code /}. */
    public static final String REPOSITORY = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    public static final String TAG = "[A-Za-z0-9_][A-Za-z0-9._-]{0,127}";
    private static final Pattern COMPONENT_PATTERN = Pattern.compile(PATH_COMPONENT);
    private static final Pattern REPOSITORY_PATTERN = Pattern.compile(REPOSITORY);
    private static final Pattern TAG_PATTERN = Pattern.compile(TAG);

    private ReferenceGrammar() {}

    public static boolean isPathComponent(String s) {
        return s != null && COMPONENT_PATTERN.matches(s);
    }

    public static boolean isRepository(String s) {
        return s != null && REPOSITORY_PATTERN.matches(s);
    }

    public static boolean isTag(String s) {
        return s != null && TAG_PATTERN.matches(s);
    }
}
