package dev.stowage.spec;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Ownership and mode for customisation-layer entries whose image path matches {@code regex}
 * entirely (e.g. {@code "(/var)?/tmp"} → 1777, as the Lix image does).
 */
public record PermSpec(String regex, String mode, Integer uid, Integer gid) {
    public PermSpec {
        if (regex == null) throw new IllegalArgumentException("perms[].regex is required");
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("perms[].regex '" + regex + "' is not a valid regular expression: " + e.getDescription());
        }
        if (mode != null) Modes.parse(mode, "perms[].mode");
        if (mode == null && uid == null && gid == null) throw new IllegalArgumentException("perms entry '" + regex + "' sets nothing (mode, uid, gid)");
    }

    public boolean matches(String imagePath) {
        return Pattern.compile(regex).matcher(imagePath).matches();
    }
}
