package dev.stowage.it.fleet;

import dev.stowage.it.harness.NixStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fleet of fleet.nix built with nix-bin: {@code n} images {@code fleet/app-i} (tag {@code app-i})
 * whose roots are the app and, unless {@code i % 3 == 0}, the CA bundle (dockerTools' contents);
 * one spec and one {@code nix path-info --json -r} closure file per image. Built again with another
 * {@code sslVersion}, the SSL library and the apps that reference it (even i) get new paths.
 */
public final class FleetFixture {
    public final NixStore nix;
    public final Path dir;
    public final int n;
    public final String cacertOld;
    public final String cacertNew;
    public final String unusedOld;
    public final String unusedNew;
    public final List<String> apps;

    public FleetFixture(NixStore nix, Path dir, int n) throws IOException {
        this.nix = nix;
        this.dir = Files.createDirectories(dir);
        this.n = n;
        List<String> out = build("3.0.13");
        cacertOld = out.get(0);
        cacertNew = out.get(1);
        unusedOld = out.get(2);
        unusedNew = out.get(3);
        apps = List.copyOf(out.subList(4, out.size()));
    }

    /** cacert-3.100, cacert-3.101, unused-1.0, unused-1.1, app-0 … app-(n-1), with libssl-{@code sslVersion}. */
    List<String> build(String sslVersion) throws IOException {
        return nix.outputs(nix.resource("fleet.nix"), Map.of("n", String.valueOf(n), "sslVersion", "\"" + sslVersion + "\""));
    }

    public static boolean hasCacert(int i) {
        return i % 3 != 0;
    }

    public String name(int i) {
        return "fleet/app-" + i;
    }

    List<String> roots(int i) {
        return hasCacert(i) ? List.of(apps.get(i), cacertOld) : List.of(apps.get(i));
    }

    /** Writes image i's closure file and spec; returns the spec. */
    public Path spec(int i) throws IOException {
        Path closure = nix.pathInfo(dir.resolve("closure-" + i + ".json"), roots(i).toArray(String[]::new));
        String roots = String.join("\",\"", roots(i));
        String env = hasCacert(i) ? ",\"Env\":[\"SSL_CERT_FILE=" + cacertOld + "/etc/ssl/certs/ca-bundle.crt\"]" : "";
        return Files.writeString(dir.resolve("app-" + i + ".json"), "{\"name\":\"" + name(i) + "\",\"tag\":\"app-" + i + "\","
                + "\"config\":{\"Cmd\":[\"" + apps.get(i) + "/bin/run\"]" + env + "},"
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"" + closure.getFileName() + "\",\"roots\":[\"" + roots + "\"]}]}");
    }

    public List<Path> specs() throws IOException {
        List<Path> specs = new ArrayList<>();
        for (int i = 0; i < n; i++) specs.add(spec(i));
        return specs;
    }
}
