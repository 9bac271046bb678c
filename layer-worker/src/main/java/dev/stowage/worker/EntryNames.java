package dev.stowage.worker;

import dev.stowage.error.BadInputException;

/**
 * The rule every layer tar entry obeys, whatever feature made it (store paths, copyToRoot links,
 * fakeNss homes, literal files): a relative name whose segments are neither empty, {@code .} nor
 * {@code ..}, without NUL, so that it stays inside the root after normalisation; symlink targets
 * without NUL. {@link TarRules} checks each entry here before writing its header.
 */
final class EntryNames {
    private EntryNames() {}

    static void check(String name, String linkName) {
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.startsWith("/")) throw refused(name, "is not a relative path");
        if (n.indexOf('\0') >= 0) throw refused(name, "contains NUL");
        for (String segment : n.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw refused(name, "has an empty, '.' or '..' segment (it would leave or confuse the image root)");
            }
        }
        if (linkName != null && (linkName.isEmpty() || linkName.indexOf('\0') >= 0)) {
            throw refused(name, "is a symlink whose target is empty or contains NUL");
        }
    }

    /** Whether {@code name} passes {@link #check}: for tests and callers that prefer to skip. */
    static boolean safe(String name) {
        try {
            check(name, null);
            return true;
        } catch (BadInputException e) {
            return false;
        }
    }

    private static BadInputException refused(String name, String why) {
        return new BadInputException("layer entry '" + name.replace("\0", "\\0").replaceAll("\\p{Cntrl}", "?") + "'", why);
    }
}
