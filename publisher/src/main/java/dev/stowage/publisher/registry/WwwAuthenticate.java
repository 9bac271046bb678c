package dev.stowage.publisher.registry;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A parsed {@code WWW-Authenticate} challenge: scheme ({@code basic} or {@code bearer}, lower
 * case) and its parameters (realm, service, scope). Quoted values may contain commas and
 * backslash escapes.
 */
public record WwwAuthenticate(String scheme, Map<String, String> params) {
    public WwwAuthenticate {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Map.copyOf(params);
    }

    public static WwwAuthenticate parse(String header) {
        String text = header.trim();
        int space = text.indexOf(' ');
        String scheme = space < 0 ? text : text.substring(0, space);
        Map<String, String> params = new TreeMap<>();
        int i = space < 0 ? text.length() : space + 1;
        while (i < text.length()) {
            while (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == ' ')) i++;
            int eq = text.indexOf('=', i);
            if (eq < 0) break;
            String key = text.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder();
            i = eq + 1;
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) i++;
                    value.append(text.charAt(i++));
                }
                i++;
            } else {
                while (i < text.length() && text.charAt(i) != ',') value.append(text.charAt(i++));
            }
            params.put(key, value.toString().trim());
        }
        return new WwwAuthenticate(scheme, params);
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }
}
