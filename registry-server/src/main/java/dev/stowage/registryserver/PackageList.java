package dev.stowage.registryserver;

import dev.stowage.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A repository name read as Nixery reads it: each path component is a package; a leading
 * {@code arm64} selects {@code linux/arm64} (else {@code linux/amd64}); {@code shell} stands for
 * {@link #SHELL}. Components are sorted and deduplicated, so {@code hello/shell} and
 * {@code shell/hello} are one image, named by {@link #canonicalName()}.
 */
public record PackageList(Platform platform, List<String> components) {
    /** What the {@code shell} meta-package stands for: every one must be in the index. */
    public static final List<String> SHELL = List.of("bashInteractive", "coreutils", "moreutils");
    static final Platform AMD64 = Platform.parse("linux/amd64");
    static final Platform ARM64 = Platform.parse("linux/arm64");

    public PackageList {
        components = List.copyOf(new TreeSet<>(components));
        if (components.isEmpty()) throw new DistributionException(ErrorCode.NAME_UNKNOWN, "a package list names at least one package");
    }

    public static PackageList parse(RepositoryName name) {
        List<String> parts = new ArrayList<>(name.components());
        Platform platform = AMD64;
        if (parts.get(0).equals("arm64")) {
            platform = ARM64;
            parts.remove(0);
        }
        return new PackageList(platform, parts);
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

    /** The image's name: {@code [arm64/]} then the components, sorted, joined by {@code /}. */
    public String canonicalName() {
        return (platform.equals(ARM64) ? "arm64/" : "") + String.join("/", components);
    }
}
