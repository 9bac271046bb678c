package dev.stowage.it.nix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.it.harness.NixStore;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.ClosureGraphReader;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample closure built by the real nix-bin in a chroot store, as the other tests rely on it. */
class NixStoreTest {
    @TempDir static Path tmp;
    static NixStore nix;
    static NixStore.Built built;
    static ClosureGraph graph;

    @BeforeAll
    static void buildSampleClosure() throws IOException {
        nix = new NixStore(tmp.resolve("nix"));
        built = nix.buildResourceClosure("sample-closure.nix", tmp.resolve("path-info.json"));
        graph = ClosureGraphReader.read(Files.readAllBytes(built.pathInfoJson()));
    }

    private static StorePath named(String name) {
        return graph.paths().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static Path file(String name, String inside) {
        return built.file(named(name).toString()).resolve(inside);
    }

    @Test
    void closureJsonHasFourPathsWithTheirReferences() {
        assertThat(built.outputs()).containsExactly(named("hello-2.12").toString());
        Map<String, List<String>> refs = graph.infos().stream().collect(Collectors.toMap(i -> i.path().name(),
                i -> i.references().stream().map(StorePath::name).sorted().toList(), (a, b) -> a, TreeMap::new));
        assertThat(refs).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "hello-2.12", List.of("greeting-data-1.0", "libgreet-0.1"),
                "libgreet-0.1", List.of("libfoo-1.2"),
                "greeting-data-1.0", List.of(),
                "libfoo-1.2", List.of())));
        assertThat(graph.unreferenced()).containsExactly(named("hello-2.12"));
        assertThat(nix.closure(built.output())).hasSize(4);
    }

    @Test
    void filesHaveNixCanonicalModes() throws IOException {
        for (StorePath p : graph.paths()) {
            try (Stream<Path> files = Files.walk(built.file(p.toString()))) {
                for (Path f : files.toList()) {
                    if (Files.isSymbolicLink(f)) continue;
                    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS));
                    if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) assertThat(mode).as(f.toString()).isEqualTo("r-xr-xr-x");
                    else assertThat(mode).as(f.toString()).isIn("r--r--r--", "r-xr-xr-x");
                }
            }
        }
        assertThat(Files.isExecutable(file("hello-2.12", "bin/hello"))).isTrue();
        assertThat(Files.readString(file("hello-2.12", "bin/hello"))).startsWith("#!/bin/sh\n");
    }

    @Test
    void sampleHasTheTreeShapesLayersMustHandle() throws IOException {
        assertThat(Files.size(file("libfoo-1.2", "lib/empty-file"))).isZero();
        try (Stream<Path> empty = Files.list(file("libfoo-1.2", "share/empty-dir"))) {
            assertThat(empty).isEmpty();
        }
        assertThat(Files.size(file("libfoo-1.2", "lib/libfoo.so"))).isBetween(2_000L, 10_000L);
        assertThat(Files.readSymbolicLink(file("hello-2.12", "bin/hi"))).hasToString("hello");
        assertThat(Files.readSymbolicLink(file("libgreet-0.1", "lib/libfoo-link.so")))
                .hasToString(named("libfoo-1.2") + "/lib/libfoo.so");
        Path text = file("greeting-data-1.0", "share/greeting/text");
        Path hardlink = file("greeting-data-1.0", "share/greeting/hardlink");
        assertThat(Files.getAttribute(hardlink, "unix:ino")).isEqualTo(Files.getAttribute(text, "unix:ino"));
        assertThat((int) Files.getAttribute(text, "unix:nlink")).isEqualTo(2);
        try (Stream<Path> files = Files.walk(built.file(named("greeting-data-1.0").toString()))) {
            int longest = files.mapToInt(f -> ("/" + built.root().relativize(f)).length()).max().orElseThrow();
            assertThat(longest).isGreaterThan(100);
        }
    }

    @Test
    void dumpIsTheNarThatPathInfoHashes() throws Exception {
        PathInfo hello = graph.require(named("hello-2.12"));
        Path nar = nix.dump(hello.path().toString(), tmp.resolve("hello.nar"));
        MessageDigest sha = Digest.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(nar), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        assertThat(Files.size(nar)).isEqualTo(hello.narSize());
        assertThat(Digest.fromRaw(sha.digest())).isEqualTo(hello.narHash());
    }

    @Test
    void copyMakesABinaryCacheWithOneNarinfoPerPath() throws IOException {
        Path cache = nix.copyToCache(tmp.resolve("cache"), "zstd", built.output());
        assertThat(cache.resolve("nix-cache-info")).exists();
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.filter(f -> f.toString().endsWith(".narinfo"))).hasSize(4);
        }
        String narinfo = Files.readString(cache.resolve(named("hello-2.12").hash() + ".narinfo"));
        assertThat(narinfo).contains("StorePath: " + named("hello-2.12"), "Compression: zstd");
    }
}
