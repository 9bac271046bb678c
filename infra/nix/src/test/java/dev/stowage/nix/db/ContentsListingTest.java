package dev.stowage.nix.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.GeneratedTree;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.nix.StorePathContents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentsListingTest {
    private static final StorePath BASH = StorePath.parse("/nix/store/0a7rmrqh5sfc2d2zqgrs7w6zzjsa8jwr-bash-5.2");
    private static final StorePath LIB = StorePath.parse("/nix/store/1b8sncrh6sfc2d2zqgrs7w6zzjsa8jwr-readline");
    private static final Map<StorePath, GeneratedTree> TREES = Map.of(
            BASH, GeneratedTree.Directory.of(Map.of(
                    "bin", GeneratedTree.Directory.of(Map.of("bash", new GeneratedTree.File(bytes("elf"), true),
                            "sh", new GeneratedTree.Symlink("bash"))),
                    "share", GeneratedTree.Directory.of(Map.of()))),
            LIB, new GeneratedTree.File(bytes("a single file"), false));

    @Test
    void listsDirectoriesOfEachPackageVisitingItOnce() throws IOException {
        List<StorePath> visits = new ArrayList<>();
        StorePathContents contents = (path, narHash, narSize, visitor) -> {
            visits.add(path);
            TREES.get(path).accept(visitor);
        };
        ClosureGraph closure = ClosureGraph.of(List.of(info(BASH), info(LIB)));
        ContentsListing listing = new ContentsListing(contents, closure);

        assertThat(listing.list(BASH, "")).containsExactly(new PackageListing.Entry("bin", true), new PackageListing.Entry("share", true));
        assertThat(listing.list(BASH, "bin")).containsExactly(new PackageListing.Entry("bash", false), new PackageListing.Entry("sh", false));
        assertThat(listing.list(BASH, "share")).isEmpty();
        assertThat(listing.list(BASH, "nope")).isEmpty();
        assertThat(listing.list(LIB, "")).as("a single-file package has no entries").isEmpty();
        assertThat(visits).containsExactly(BASH, LIB);
    }

    private static PathInfo info(StorePath p) {
        GeneratedTree.Nar nar = TREES.get(p).nar();
        return new PathInfo(p, nar.hash(), nar.size(), List.of());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
