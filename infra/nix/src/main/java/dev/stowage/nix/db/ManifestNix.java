package dev.stowage.nix.db;

import dev.stowage.nix.StorePath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text of a profile's {@code manifest.nix} as the Lix image's {@code baseSystem} writes it: a
 * list with one derivation-like attribute set per package (single output {@code out}).
 */
final class ManifestNix {
    private static final Pattern SYSTEM = Pattern.compile("[A-Za-z0-9_.+-]+");

    private ManifestNix() {}

    static byte[] render(List<StorePath> packages, String system) {
        if (system == null || !SYSTEM.matcher(system).matches()) {
            throw new IllegalArgumentException("system must look like x86_64-linux, got '" + system + "'");
        }
        StringBuilder sb = new StringBuilder("[\n");
        for (StorePath p : packages) {
            // Store path names are [A-Za-z0-9+-._?=] only: nothing to escape in a Nix string.
            sb.append("  {\n")
                    .append("    out = { outPath = \"").append(p).append("\"; };\n")
                    .append("    outputs = [ \"out\" ];\n")
                    .append("    name = \"").append(p.name()).append("\";\n")
                    .append("    outPath = \"").append(p).append("\";\n")
                    .append("    system = \"").append(system).append("\";\n")
                    .append("    type = \"derivation\";\n")
                    .append("    meta = { };\n")
                    .append("  }\n");
        }
        return sb.append("]\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
