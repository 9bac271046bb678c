package dev.stowage.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest, {@code sha256:<64 lowercase hex>}. Never passed around as a bare string. */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Digest {
        if (!"sha256".equals(algorithm)) {
            throw new IllegalArgumentException("unsupported digest algorithm '" + algorithm + "' (only sha256)");
        }
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("digest hex must be 64 lowercase hex characters, got '" + hex + "'");
        }
    }

    @JsonCreator
    public static Digest parse(String text) {
        if (text == null) throw new IllegalArgumentException("digest is missing");
        int colon = text.indexOf(':');
        if (colon < 0) throw new IllegalArgumentException("not a digest (algorithm:hex): '" + text + "'");
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static Digest ofBytes(byte[] bytes) {
        return fromRaw(sha256().digest(bytes));
    }

    public static Digest fromRaw(byte[] sha256) {
        return new Digest("sha256", HexFormat.of().formatHex(sha256));
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    public byte[] raw() {
        return HexFormat.of().parseHex(hex);
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    /** First 12 hex characters, for log lines. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }
}
