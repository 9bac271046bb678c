package dev.stowage.nix.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.nix.GeneratedTree;
import dev.stowage.nix.StorePath;
import dev.stowage.nix.StorePaths;
import dev.stowage.spec.FileSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class RootProfileTest {
    private static final String STORE = "/nix/store";
    private static final StorePath BASH = StorePath.parse("/nix/store/0a7rmrqh5sfc2d2zqgrs7w6zzjsa8jwr-bash-5.2");
    private static final StorePath CURL = StorePath.parse("/nix/store/1b8sncrh6sfc2d2zqgrs7w6zzjsa8jwr-curl-8.0");
    private static final StorePath CERTS = StorePath.parse("/nix/store/2c9snnrh6sfc2d2zqgrs7w6zzjsa8jwr-cacert");

    /** bash: bin/{bash,sh}, share/man; curl: bin/{curl,sh}, manifest.nix; cacert: etc (a file tree), nothing else. */
    private static final PackageListing LISTING = (pkg, dir) -> {
        Map<String, List<PackageListing.Entry>> tree = pkg.equals(BASH)
                ? Map.of("", List.of(dir("bin"), dir("share")), "bin", List.of(file("bash"), file("sh")))
                : pkg.equals(CURL)
                        ? Map.of("", List.of(dir("bin"), file("manifest.nix")), "bin", List.of(file("curl"), file("sh")))
                        : Map.of("", List.of(dir("etc")));
        return tree.getOrDefault(dir, List.of());
    };

    @Test
    void mergesPackagesLikeBuildEnvAndLinksTheManifestStorePath() throws IOException {
        RootProfile.Result r = new RootProfile(LISTING).generate(STORE, "/nix/var/nix", List.of(BASH, CURL, CERTS), "x86_64-linux");

        byte[] manifestText = ((GeneratedTree.File) r.manifest().tree()).contents();
        assertThat(r.manifest().path()).isEqualTo(StorePaths.text(STORE, "manifest.nix", manifestText, List.of(BASH, CURL, CERTS)));
        assertThat(r.manifest().info().references()).containsExactly(BASH, CURL, CERTS);
        assertThat(new String(manifestText, StandardCharsets.UTF_8)).contains(
                "out = { outPath = \"" + BASH + "\"; };", "name = \"bash-5.2\";", "system = \"x86_64-linux\";",
                "outputs = [ \"out\" ];", "type = \"derivation\";", "meta = { };");

        GeneratedTree.Directory profile = (GeneratedTree.Directory) r.profile().tree();
        assertThat(profile.entries()).containsOnlyKeys("bin", "etc", "manifest.nix", "share");
        assertThat(profile.entries().get("manifest.nix")).isEqualTo(new GeneratedTree.Symlink(r.manifest().path().toString()));
        assertThat(profile.entries().get("share")).isEqualTo(new GeneratedTree.Symlink(BASH + "/share"));
        assertThat(profile.entries().get("etc")).isEqualTo(new GeneratedTree.Symlink(CERTS + "/etc"));
        GeneratedTree.Directory bin = (GeneratedTree.Directory) profile.entries().get("bin");
        assertThat(bin.entries()).containsExactly(
                Map.entry("bash", new GeneratedTree.Symlink(BASH + "/bin/bash")),
                Map.entry("curl", new GeneratedTree.Symlink(CURL + "/bin/curl")),
                Map.entry("sh", new GeneratedTree.Symlink(BASH + "/bin/sh")));

        GeneratedTree.Nar nar = profile.nar();
        assertThat(r.profile().info().narHash()).isEqualTo(nar.hash());
        assertThat(r.profile().info().narSize()).isEqualTo(nar.size());
        assertThat(r.profile().info().references()).containsExactlyInAnyOrder(BASH, CURL, CERTS, r.manifest().path());
        assertThat(r.profile().path()).isEqualTo(StorePaths.source(STORE, "user-environment", nar.hash(), r.profile().info().references()));
        assertThat(r.profile().contentAddress()).isEqualTo(StorePaths.sourceContentAddress(nar.hash()));

        assertThat(r.links()).extracting(FileSpec::path, FileSpec::target).containsExactly(
                Tuple.tuple("/nix/var/nix/profiles/default-1-link", r.profile().path().toString()),
                Tuple.tuple("/nix/var/nix/profiles/default", "default-1-link"),
                Tuple.tuple("/root/.nix-profile", "/nix/var/nix/profiles/default"));
    }

    @Test
    void sameInputsGiveTheSamePaths() throws IOException {
        RootProfile.Result a = new RootProfile(LISTING).generate(STORE, "/nix/var/nix", List.of(BASH, CURL), "x86_64-linux");
        RootProfile.Result b = new RootProfile(LISTING).generate(STORE, "/nix/var/nix", List.of(BASH, CURL), "x86_64-linux");
        RootProfile.Result swapped = new RootProfile(LISTING).generate(STORE, "/nix/var/nix", List.of(CURL, BASH), "x86_64-linux");
        assertThat(b.profile().path()).isEqualTo(a.profile().path());
        assertThat(b.manifest().path()).isEqualTo(a.manifest().path());
        assertThat(swapped.profile().path()).as("priority order matters (bin/sh)").isNotEqualTo(a.profile().path());
    }

    @Test
    void anEmptyProfileHasOnlyTheManifest() throws IOException {
        RootProfile.Result r = new RootProfile(LISTING).generate(STORE, "/nix/var/nix", List.of(), "aarch64-linux");
        assertThat(new String(((GeneratedTree.File) r.manifest().tree()).contents(), StandardCharsets.UTF_8)).isEqualTo("[\n]\n");
        assertThat(((GeneratedTree.Directory) r.profile().tree()).entries()).containsOnlyKeys("manifest.nix");
    }

    @Test
    void rejectsASystemThatIsNotAPlatformName() {
        assertThatThrownBy(() -> new RootProfile(LISTING).generate(STORE, "/nix/var/nix", List.of(BASH), "x\"; evil"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static PackageListing.Entry dir(String name) {
        return new PackageListing.Entry(name, true);
    }

    private static PackageListing.Entry file(String name) {
        return new PackageListing.Entry(name, false);
    }
}
