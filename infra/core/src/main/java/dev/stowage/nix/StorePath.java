package dev.stowage.nix;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * A Nix store path {@code <storeDir>/<hash>-<name>}: a 32-character nix-base32 hash, a name of
 * at most 211 characters from {@code [A-Za-z0-9+-._?=]} not starting with a dot.
 */
public record StorePath(String storeDir, String hash, String name) implements Comparable<StorePath> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9+\\-._?=]+");

    public StorePath {
        if (storeDir == null || !storeDir.startsWith("/") || storeDir.endsWith("/") || storeDir.contains("//")) {
            throw new IllegalArgumentException("store directory must be an absolute path without a trailing slash, got '" + storeDir + "'");
        }
        if (hash == null || hash.length() != 32 || !NixBase32.isValid(hash)) {
            throw new IllegalArgumentException("store path hash must be 32 nix-base32 characters, got '" + hash + "'");
        }
        if (name == null || name.isEmpty() || name.length() > 211 || !NAME.matcher(name).matches() || name.startsWith(".")) {
            throw new IllegalArgumentException("store path name '" + name + "' is not a valid Nix name "
                    + "(1-211 characters of A-Za-z0-9+-._?=, not starting with '.')");
        }
    }

    /** Parses a full store path; the store directory is everything before the last slash. */
    @JsonCreator
    public static StorePath parse(String path) {
        if (path == null) throw new IllegalArgumentException("store path is missing");
        int slash = path.lastIndexOf('/');
        if (slash <= 0) throw new IllegalArgumentException("not a store path: '" + path + "'");
        String base = path.substring(slash + 1);
        if (base.length() < 34 || base.charAt(32) != '-') {
            throw new IllegalArgumentException("not a store path (expected <storeDir>/<32-char hash>-<name>): '" + path + "'");
        }
        try {
            return new StorePath(path.substring(0, slash), base.substring(0, 32), base.substring(33));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid store path '" + path + "': " + e.getMessage(), e);
        }
    }

    /** Parses {@code <hash>-<name>} in the given store directory (narinfo References use basenames). */
    public static StorePath ofBaseName(String storeDir, String baseName) {
        return parse(storeDir + "/" + baseName);
    }

    public String baseName() {
        return hash + "-" + name;
    }

    /** The path inside an image without the leading slash, e.g. {@code nix/store/<hash>-<name>}. */
    public String relative() {
        return storeDir.substring(1) + "/" + baseName();
    }

    /**
     * The key nixpkgs' closure-graph.py sorts ties by: {@code name-version-/nix/store/hash}, i.e. the
     * path split at its first dash with the halves swapped.
     */
    public String popularityTieKey() {
        return name + "-" + storeDir + "/" + hash;
    }

    @JsonValue
    @Override
    public String toString() {
        return storeDir + "/" + baseName();
    }

    @Override
    public int compareTo(StorePath o) {
        // the order of toString() without building the strings: hashes have one length, so within a
        // store directory "<hash>-<name>" orders by hash, then name
        if (!storeDir.equals(o.storeDir)) return toString().compareTo(o.toString());
        int byHash = hash.compareTo(o.hash);
        return byHash != 0 ? byHash : name.compareTo(o.name);
    }
}
