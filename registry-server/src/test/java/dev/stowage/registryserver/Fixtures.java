package dev.stowage.registryserver;

import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import dev.stowage.spec.CacheClosures;
import dev.stowage.spec.CacheSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A package index of three paths with no references, and the closure walk such a cache answers. */
final class Fixtures {
    static final StorePath HELLO = StorePath.parse("/nix/store/" + "a".repeat(32) + "-hello-2.12");
    static final StorePath BASH = StorePath.parse("/nix/store/" + "b".repeat(32) + "-bash-interactive-5.2");
    static final StorePath COREUTILS = StorePath.parse("/nix/store/" + "c".repeat(32) + "-coreutils-9.5");
    static final StorePath MOREUTILS = StorePath.parse("/nix/store/" + "d".repeat(32) + "-moreutils-0.69");
    static final PackageIndex INDEX = new PackageIndex(Map.of("x86_64-linux", Map.of("hello", HELLO, "bashInteractive", BASH,
            "coreutils", COREUTILS, "moreutils", MOREUTILS), "aarch64-linux", Map.of("hello", HELLO)), Digest.ofBytes(new byte[0]));
    static final CacheSource CACHE = new CacheSource("file:///srv/cache", List.of(), true);

    /** Each root is its own closure. */
    static final CacheClosures CLOSURES = (url, storeDir, roots) -> ClosureGraph.of(roots.stream()
            .map(r -> new PathInfo(r, Digest.ofBytes(r.toString().getBytes(StandardCharsets.UTF_8)), 1000, List.of())).toList());

    private Fixtures() {}

    static PackageSpecs specs() {
        return new PackageSpecs(INDEX, CACHE, CLOSURES);
    }
}
