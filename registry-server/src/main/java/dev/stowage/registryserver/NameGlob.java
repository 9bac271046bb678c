package dev.stowage.registryserver;

import com.google.re2j.Pattern;

/**
 * A glob on repository names: {@code *} matches within one path component, {@code **} across
 * components ({@code team-a/**} is every name under {@code team-a/}, {@code **} every name),
 * {@code ?} one character other than {@code /}; everything else stands for itself. Compiled with RE2J.
 */
record NameGlob(String glob, Pattern pattern) {
    static NameGlob compile(String glob) {
        if (glob == null || glob.isEmpty()) throw new IllegalArgumentException("an empty glob");
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                boolean wholeTail = i + 2 == glob.length() && i > 0 && glob.charAt(i - 1) == '/';
                i++;
                if (wholeTail) {
                    // "a/**" is every name under a/, and a itself
                    re.setLength(re.length() - 1);
                    re.append("(/.*)?");
                } else {
                    re.append(".*");
                }
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c > 0x7e || c < 0x21) {
                throw new IllegalArgumentException("'" + glob + "' holds a character no repository name has");
            } else if (Character.isLetterOrDigit(c) || c == '/' || c == '_') {
                re.append(c);
            } else {
                re.append('\\').append(c);
            }
        }
        return new NameGlob(glob, Pattern.compile(re.toString()));
    }

    boolean matches(RepositoryName name) {
        return pattern.matches(name.value());
    }
}
