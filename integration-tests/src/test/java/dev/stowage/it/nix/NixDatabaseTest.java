package dev.stowage.it.nix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.blob.DigestingOutputStream;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.Tools;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.ClosureGraphReader;
import dev.stowage.nix.FileSystemObjectVisitor;
import dev.stowage.nix.GeneratedTree;
import dev.stowage.nix.NarWriter;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.nix.db.ContentsListing;
import dev.stowage.nix.db.GeneratedStorePath;
import dev.stowage.nix.db.NixImageState;
import dev.stowage.nix.db.PackageListing;
import dev.stowage.spec.FileSpec;
import dev.stowage.worker.LocalStoreContents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Nix database and root profile Stowage generates, checked by the real nix-bin 2.8: a fresh
 * root holding a copy of the sample closure plus the generated files verifies, lists the closure,
 * trusts the generated content-addressed paths, and {@code nix profile list} reads the profile.
 */
class NixDatabaseTest {
    private static final long TIME = 1700000000L;

    @TempDir static Path tmp;
    static NixStore nix;
    static ClosureGraph graph;
    static NixImageState state;
    static NixImageState onDisk;
    static Path image;
    static Map<String, String> env;

    @BeforeAll
    static void generateIntoAFreshRoot() throws IOException {
        nix = new NixStore(tmp.resolve("nix"));
        NixStore.Built built = nix.buildResourceClosure("sample-closure.nix", tmp.resolve("path-info.json"));
        graph = ClosureGraphReader.read(Files.readAllBytes(built.pathInfoJson()));
        List<StorePath> packages = List.of(named("hello-2.12"), named("greeting-data-1.0"), named("libgreet-0.1"));
        // As a layer worker lists packages: through its StorePathContents.
        ContentsListing listing = new ContentsListing(new LocalStoreContents(built.root()), graph);
        state = NixImageState.build(graph, packages, "x86_64-linux", listing, TIME, tmp.resolve("work"));
        onDisk = NixImageState.build(graph, packages, "x86_64-linux", PackageListing.onDisk(built.root()), TIME, tmp.resolve("work"));

        image = Files.createDirectories(tmp.resolve("image"));
        Path store = Files.createDirectories(image.resolve("nix/store"));
        for (StorePath p : graph.paths()) Tools.run("cp", "-a", built.file(p.toString()).toString(), store.toString());
        for (GeneratedStorePath g : state.storePaths()) g.tree().accept(new DiskWriter(image.resolve(g.path().relative())));
        for (FileSpec f : state.files()) {
            Path target = image.resolve(f.path().substring(1));
            Files.createDirectories(target.getParent());
            if (f.type() == FileSpec.Type.SYMLINK) Files.createSymbolicLink(target, Paths.get(f.target()));
            else Files.write(target, f.bytes());
        }
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(conf.resolve("nix.conf"), "build-users-group =\nsandbox = false\nexperimental-features = nix-command\nsubstituters =\n");
        env = Map.of("NIX_CONF_DIR", conf.toString());
    }

    @Test
    void narWriterGivesTheNarHashNixRecordedForEveryClosurePath() throws IOException {
        LocalStoreContents contents = new LocalStoreContents(nix.root());
        for (PathInfo info : graph.infos()) {
            DigestingOutputStream out = new DigestingOutputStream(OutputStream.nullOutputStream());
            NarWriter nar = new NarWriter(out);
            contents.accept(info.path(), info.narHash(), info.narSize(), nar);
            nar.finish();
            assertThat(out.digest()).as(info.path().toString()).isEqualTo(info.narHash());
            assertThat(out.count()).as(info.path().toString()).isEqualTo(info.narSize());
        }
    }

    @Test
    void listingFromDiskOrThroughStorePathContentsGivesTheSameBytes() {
        assertThat(onDisk.storePaths()).extracting(GeneratedStorePath::info).isEqualTo(state.storePaths().stream().map(GeneratedStorePath::info).toList());
        assertThat(onDisk.files()).extracting(FileSpec::contents).isEqualTo(state.files().stream().map(FileSpec::contents).toList());
    }

    @Test
    void nixVerifiesEveryRegisteredPathsContents() {
        Tools.Result r = nix("nix-store", "--store", image.toString(), "--verify", "--check-contents");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).doesNotContain("modified", "error", "not valid");
    }

    @Test
    void pathInfoListsTheClosureAndTheGeneratedPaths() {
        List<String> expected = new ArrayList<>(graph.paths().stream().map(StorePath::toString).toList());
        state.storePaths().forEach(g -> expected.add(g.path().toString()));
        Tools.Result r = nix("nix", "path-info", "--store", image.toString(), "-r", profile().path().toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void nixTrustsTheGeneratedPathsAsContentAddressed() {
        // nix store verify recomputes a path from its ca and references: an untrusted path fails it.
        Tools.Result r = nix("nix", "store", "verify", "--store", image.toString(),
                manifest().path().toString(), profile().path().toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Tools.Result closurePath = nix("nix", "store", "verify", "--store", image.toString(), named("hello-2.12").toString());
        assertThat(closurePath.exitCode()).as("an unsigned input-addressed path is not trusted").isNotZero();
        assertThat(closurePath.stderr()).contains("untrusted");
    }

    @Test
    void theManifestIsTheStorePathBuiltinsToFileMakes() throws IOException {
        String text = new String(((GeneratedTree.File) manifest().tree()).contents(), StandardCharsets.UTF_8);
        String expr = text;
        for (StorePath p : manifest().info().references()) {
            expr = expr.replace(p.toString(), "${builtins.storePath \"" + p + "\"}");
        }
        Path file = Files.writeString(tmp.resolve("manifest-expr.nix"), "builtins.toFile \"manifest.nix\" ''" + expr + "''\n");
        Tools.Result r = nix("nix-instantiate", "--store", nix.root().toString(), "--eval", "--read-write-mode", file.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().strip()).isEqualTo("\"" + manifest().path() + "\"");
    }

    @Test
    void nixProfileListReadsTheProfileInsideTheImage() {
        // Nix inside the image: its /nix is the image's (a private mount namespace, nothing else sees it).
        Tools.Result r = nix(NixStore.profileListInside(image.resolve("nix")));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).doesNotContain("is not in the Nix store");
        String listed = r.stdout();
        for (StorePath p : manifest().info().references()) assertThat(listed).contains(p.toString());
    }

    private static GeneratedStorePath manifest() {
        return state.storePaths().stream().filter(g -> g.path().name().equals("manifest.nix")).findFirst().orElseThrow();
    }

    private static GeneratedStorePath profile() {
        return state.storePaths().stream().filter(g -> g.path().name().equals("user-environment")).findFirst().orElseThrow();
    }

    private static StorePath named(String name) {
        return graph.paths().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static Tools.Result nix(String... command) {
        return Tools.attempt(env, Duration.ofSeconds(60), null, List.of(command));
    }

    /** Writes a generated tree to disk (test only: the image gets it through a layer). */
    private record DiskWriter(Path root) implements FileSystemObjectVisitor {
        @Override
        public void directory(String path) throws IOException {
            Files.createDirectories(resolve(path));
        }

        @Override
        public void regularFile(String path, boolean executable, long size, InputStream contents) throws IOException {
            Path f = resolve(path);
            Files.createDirectories(f.getParent());
            Files.copy(contents, f);
            f.toFile().setExecutable(executable, false);
        }

        @Override
        public void symlink(String path, String target) throws IOException {
            Path f = resolve(path);
            Files.createDirectories(f.getParent());
            Files.createSymbolicLink(f, Paths.get(target));
        }

        private Path resolve(String path) {
            return path.isEmpty() ? root : root.resolve(path);
        }
    }
}
