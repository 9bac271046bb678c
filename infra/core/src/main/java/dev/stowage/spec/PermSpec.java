package dev.stowage.spec;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Ownership and mode for customisation-layer entries whose image path matches {@code regex}
 * entirely (e.g. {@code "(/var)?/tmp"} → 1777, as the Lix image does). The regex is RE2 syntax
 * and matched in linear time (RE2J, as nix2container's Go regexp): no user regex can spin a core.
 */
public record PermSpec(String regex, String mode, Integer uid, Integer gid) {
    /** Longest regex accepted; RE2's program size grows with the text, so it is bounded too. */
    static final int MAX_REGEX = 1024;

    public PermSpec {
        if (regex == null) throw new IllegalArgumentException("perms[].regex is required");
        if (regex.length() > MAX_REGEX) throw new IllegalArgumentException("perms[].regex is longer than " + MAX_REGEX + " characters");
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("perms[].regex " + FakeNss.quote(regex) + " is not a valid RE2 regular expression: " + e.getDescription());
        }
        if (mode != null) Modes.parse(mode, "perms[].mode");
        Ids.check(uid, "perms[" + FakeNss.quote(regex) + "].uid");
        Ids.check(gid, "perms[" + FakeNss.quote(regex) + "].gid");
        if (mode == null && uid == null && gid == null) throw new IllegalArgumentException("perms entry '" + regex + "' sets nothing (mode, uid, gid)");
    }

    public boolean matches(String imagePath) {
        return Pattern.compile(regex).matches(imagePath);
    }
}
