package dev.stowage.spec;

/** Octal permission text such as {@code "0644"} or {@code "1777"}. */
public final class Modes {
    private Modes() {}

    public static int parse(String text, String what) {
        if (text == null || !text.matches("[0-7]{1,4}")) {
            throw new IllegalArgumentException(what + " must be octal like \"0644\" or \"1777\", got '" + text + "'");
        }
        return Integer.parseInt(text, 8);
    }
}
