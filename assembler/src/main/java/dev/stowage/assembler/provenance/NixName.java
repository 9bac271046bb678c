package dev.stowage.assembler.provenance;

/**
 * A store path name split as Nix's {@code parseDrvName} does: the version starts at the first dash
 * followed by a non-letter ({@code openssl-3.0.13} → openssl, 3.0.13; {@code hello} → hello, "").
 */
public record NixName(String name, String version) {
    public static NixName parse(String full) {
        for (int i = 0; i + 1 < full.length(); i++) {
            if (full.charAt(i) == '-' && !Character.isLetter(full.charAt(i + 1))) {
                return new NixName(full.substring(0, i), full.substring(i + 1));
            }
        }
        return new NixName(full, "");
    }
}
