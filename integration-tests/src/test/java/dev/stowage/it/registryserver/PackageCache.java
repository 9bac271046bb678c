package dev.stowage.it.registryserver;

import dev.stowage.it.harness.NixStore;
import dev.stowage.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The packages of registry-packages.nix built with nix-bin, copied to a signed file:// binary cache
 * (zstd), and the package index naming them for x86_64-linux: busybox, bashInteractive, coreutils,
 * moreutils and hello (which prints "Hello, world!").
 */
public final class PackageCache {
    public final NixStore nix;
    public final Path cache;
    public final String publicKey;
    public final Path index;
    /** busybox, bash, coreutils, moreutils, hello. */
    public final List<String> outputs;

    public PackageCache(Path dir) throws IOException {
        nix = new NixStore(dir.resolve("nix"));
        outputs = nix.outputs(nix.resource("registry-packages.nix"));
        Path secret = dir.resolve("secret.key");
        Files.writeString(secret, nix.run("nix", "key", "generate-secret", "--key-name", "registry-test-1"));
        publicKey = nix.run("sh", "-c", "nix key convert-secret-to-public < " + secret).strip();
        cache = dir.resolve("cache");
        List<String> copy = new ArrayList<>(List.of("nix", "copy", "--store", nix.root().toString(), "--to",
                "file://" + cache + "?compression=zstd&secret-key=" + secret));
        copy.addAll(outputs);
        nix.run(copy.toArray(String[]::new));
        index = Files.writeString(dir.resolve("index.json"), Json.canonicalString(Map.of("x86_64-linux", x86())));
    }

    private Map<String, String> x86() {
        return Map.of("busybox", outputs.get(0), "bashInteractive", outputs.get(1), "coreutils", outputs.get(2),
                "moreutils", outputs.get(3), "hello", outputs.get(4));
    }

    public String hello() {
        return outputs.get(4);
    }

    /** The flags that serve this index from this cache. */
    public List<String> registryFlags() {
        return registryFlags(index.toString());
    }

    /**
     * An index file with a second system: aarch64-linux has {@code hello} (busybox's path: nix-bin
     * here cannot build aarch64, and the bytes do not matter to an image build) and {@code coreutils},
     * not the shell.
     */
    public Path twoSystemIndex(Path file) throws IOException {
        return Files.writeString(file, Json.canonicalString(Map.of("x86_64-linux", x86(),
                "aarch64-linux", Map.of("hello", outputs.get(0), "coreutils", outputs.get(2)))));
    }

    /** The flags that serve {@code index} (a file or URL) from this cache. */
    public List<String> registryFlags(String index) {
        return List.of("--package-index", index, "--cache", "file://" + cache, "--trusted-public-key", publicKey);
    }

    /** The spec docs/registry-service.md says the package list {@code name} (canonical) of these store paths builds. */
    public Path equivalentSpec(Path file, String name, List<String> storePaths) throws IOException {
        return equivalentSpec(file, name, Map.of("linux/amd64", storePaths));
    }

    /** The same, with one platform per entry of {@code pathsByPlatform} (in platform order). */
    public Path equivalentSpec(Path file, String name, Map<String, List<String>> pathsByPlatform) throws IOException {
        List<String> platforms = new ArrayList<>();
        new TreeMap<>(pathsByPlatform).forEach((platform, storePaths) -> {
            List<String> paths = new ArrayList<>(storePaths);
            paths.sort(null);
            String list = "[\"" + String.join("\",\"", paths) + "\"]";
            platforms.add("{\"platform\":\"" + platform + "\",\"roots\":" + list + ",\"copyToRoot\":" + list
                    + ",\"source\":{\"cache\":\"file://" + cache + "\",\"trustedPublicKeys\":[\"" + publicKey + "\"]}}");
        });
        return Files.writeString(file, "{\"name\":\"" + name + "\",\"tag\":\"latest\","
                + "\"config\":{\"Env\":[\"PATH=/bin\"]},\"platforms\":[" + String.join(",", platforms) + "]}");
    }
}
