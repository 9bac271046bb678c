package dev.stowage.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One parsed {@code WWW-Authenticate} challenge (RFC 7235): its scheme in lower case
 * ({@code basic}, {@code bearer}, ...) and its parameters with lower-case names (realm,
 * service, scope, error). A header may hold several challenges
 * ({@code Bearer realm="…",service="…", Basic realm="…"}); quoted values may contain commas,
 * spaces and backslash escapes.
 */
public record WwwAuthenticate(String scheme, Map<String, String> params) {
    /** Parameter under which a bare token68 (e.g. {@code Negotiate abc==}) is kept. */
    public static final String TOKEN68 = "token68";

    public WwwAuthenticate {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Map.copyOf(params);
    }

    /** Every challenge in every given header value, in order. */
    public static List<WwwAuthenticate> parseAll(List<String> headerValues) {
        List<WwwAuthenticate> out = new ArrayList<>();
        for (String value : headerValues) out.addAll(new Parser(value).challenges());
        return out;
    }

    /** The challenges in one header value. */
    public static List<WwwAuthenticate> parseAll(String headerValue) {
        return parseAll(List.of(headerValue));
    }

    /** The preferred challenge: Bearer over Basic over anything else; empty when none parses. */
    public static Optional<WwwAuthenticate> preferred(List<String> headerValues) {
        List<WwwAuthenticate> all = parseAll(headerValues);
        for (String scheme : List.of("bearer", "basic")) {
            for (WwwAuthenticate c : all) if (c.scheme().equals(scheme)) return Optional.of(c);
        }
        return all.stream().findFirst();
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    /** A hand-written scanner: schemes, token68 and {@code name=token|"quoted"} parameters. */
    private static final class Parser {
        private final String s;
        private int i;
        private final List<WwwAuthenticate> out = new ArrayList<>();
        private String scheme;
        private Map<String, String> params = new TreeMap<>();

        Parser(String s) {
            this.s = s == null ? "" : s;
        }

        List<WwwAuthenticate> challenges() {
            while (true) {
                skip(" \t,");
                if (i >= s.length()) break;
                String word = token();
                if (word.isEmpty()) { i++; continue; } // stray character: skip it
                skip(" \t");
                if (scheme != null && peek('=')) {
                    i++;
                    skip(" \t");
                    params.put(word.toLowerCase(Locale.ROOT), peek('"') ? quoted() : token());
                } else {
                    flush();
                    scheme = word;
                    token68().ifPresent(t -> params.put(TOKEN68, t));
                }
            }
            flush();
            return out;
        }

        private void flush() {
            if (scheme != null) out.add(new WwwAuthenticate(scheme, params));
            scheme = null;
            params = new TreeMap<>();
        }

        /** A token68 right after a scheme: base64-ish characters, '=' padding, then a comma or the end. */
        private Optional<String> token68() {
            int start = i, j = i;
            while (j < s.length() && isToken68Char(s.charAt(j))) j++;
            if (j == start) return Optional.empty();
            while (j < s.length() && s.charAt(j) == '=') j++;
            int k = j;
            while (k < s.length() && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) k++;
            if (k < s.length() && s.charAt(k) != ',') return Optional.empty();
            i = k;
            return Optional.of(s.substring(start, j));
        }

        private static boolean isToken68Char(char c) {
            return c < 128 && (Character.isLetterOrDigit(c) || "-._~+/".indexOf(c) >= 0);
        }

        private String token() {
            int start = i;
            while (i < s.length() && " \t,=\"".indexOf(s.charAt(i)) < 0) i++;
            return s.substring(start, i);
        }

        private String quoted() {
            StringBuilder value = new StringBuilder();
            i++; // opening quote
            while (i < s.length() && s.charAt(i) != '"') {
                if (s.charAt(i) == '\\' && i + 1 < s.length()) i++;
                value.append(s.charAt(i++));
            }
            i++; // closing quote (or past the end of an unterminated value)
            return value.toString();
        }

        private boolean peek(char c) {
            return i < s.length() && s.charAt(i) == c;
        }

        private void skip(String chars) {
            while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) i++;
        }
    }
}
