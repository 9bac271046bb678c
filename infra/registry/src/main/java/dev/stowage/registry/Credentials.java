package dev.stowage.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** A registry user and password. {@link #toString()} never shows the password. */
public record Credentials(String username, String password) {
    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty()) throw new IllegalArgumentException("registry username is empty");
    }

    /** Parses the base64 {@code user:pass} form used by docker config.json {@code auth} fields. */
    public static Credentials fromAuthField(String base64) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("auth field is not base64"); // the JDK's message quotes input bytes
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("auth field is not base64 of user:password");
        return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    public String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=<redacted>]";
    }
}
