package dev.stowage.nix;

import dev.stowage.oci.Platform;
import java.util.Map;

/** Nix's system double ({@code x86_64-linux}) for an OCI platform ({@code linux/amd64}). */
public final class NixSystem {
    private static final Map<String, String> CPU = Map.of(
            "amd64", "x86_64", "arm64", "aarch64", "386", "i686", "riscv64", "riscv64",
            "ppc64le", "powerpc64le", "s390x", "s390x", "mips64le", "mips64el", "loong64", "loongarch64");

    private NixSystem() {}

    /** @throws IllegalArgumentException for an architecture Nix has no name for here */
    public static String of(Platform platform) {
        String cpu = platform.architecture().equals("arm")
                ? "v6".equals(platform.variant()) ? "armv6l" : "armv7l"
                : CPU.get(platform.architecture());
        if (cpu == null) throw new IllegalArgumentException("no Nix system name for platform " + platform);
        return cpu + "-" + platform.os();
    }
}
