package dev.stowage.registryserver;

import dev.stowage.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A repository name read as Nixery reads it: each path component is a package; a leading
 * {@code arm64} selects {@code linux/arm64}, a leading {@code amd64} {@code linux/amd64}; with
 * neither, no platform is implied and the image is an index of every platform the package index
 * has all the packages for. {@code shell} stands for {@link #SHELL}. Components are sorted and
 * deduplicated, so {@code hello/shell} and {@code shell/hello} are one image, named by
 * {@link #canonicalName()}.
 */
public record PackageList(Optional<Platform> platform, List<String> components) {
    /** What the {@code shell} meta-package stands for: every one must be in the index. */
    public static final List<String> SHELL = List.of("bashInteractive", "coreutils", "moreutils");
    static final Platform AMD64 = Platform.parse("linux/amd64");
    static final Platform ARM64 = Platform.parse("linux/arm64");
    /** The platforms a package list can have, sorted; a name's first component selects one of them. */
    static final List<Platform> PLATFORMS = List.of(AMD64, ARM64);
    private static final Map<String, Platform> PREFIXES = Map.of("amd64", AMD64, "arm64", ARM64);

    public PackageList {
        components = List.copyOf(new TreeSet<>(components));
        if (components.isEmpty()) throw new DistributionException(ErrorCode.NAME_UNKNOWN, "a package list names at least one package");
    }

    public static PackageList parse(RepositoryName name) {
        List<String> parts = new ArrayList<>(name.components());
        Optional<Platform> platform = Optional.ofNullable(PREFIXES.get(parts.get(0)));
        if (platform.isPresent()) parts.remove(0);
        return new PackageList(platform, parts);
    }

    /** The platforms to look for: the one the name selects, else all of {@link #PLATFORMS}. */
    public List<Platform> candidates() {
        return platform.map(List::of).orElse(PLATFORMS);
    }

    /** The packages to look up, {@code shell} expanded, sorted and deduplicated. */
    public List<String> packages() {
        TreeSet<String> out = new TreeSet<>();
        for (String c : components) {
            if (c.equals("shell")) out.addAll(SHELL);
            else out.add(c);
        }
        return List.copyOf(out);
    }

    /** The image's name: the platform prefix if one was given ({@code arm64/}, {@code amd64/}), then the components, sorted, joined by {@code /}. */
    public String canonicalName() {
        String prefix = platform.map(p -> p.architecture() + "/").orElse("");
        return prefix + String.join("/", components);
    }
}
