package dev.stowage.nix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vectors obtained from Debian's nix-bin 2.8.0 (see docs/nix-database.md for the commands). */
class StorePathsTest {
    private static final String STORE = "/nix/store";
    private static final StorePath MANIFEST = StorePath.parse("/nix/store/7d2ch0vw00r36i3qh5n06rj7wx8iacj0-manifest.nix");

    @Test
    void textPathLikeBuiltinsToFile() {
        // builtins.toFile "manifest.nix" "[ ]"
        assertThat(StorePaths.text(STORE, "manifest.nix", bytes("[ ]"), List.of())).isEqualTo(MANIFEST);
        assertThat(StorePaths.textContentAddress(bytes("[ ]"))).isEqualTo("text:sha256:1ylsjqlp1i4a8cw8vq3pvz74c58sp1qmdp993qj4gnf6qp0fm12r");
    }

    @Test
    void textPathWithAReference() {
        // builtins.toFile "x.nix" "ref ${m} and again ${m}" with m the path above
        String text = "ref " + MANIFEST + " and again " + MANIFEST;
        assertThat(StorePaths.text(STORE, "x.nix", bytes(text), List.of(MANIFEST)))
                .hasToString("/nix/store/gdn7apda5d8pfppxspbqp4mf1l37dnka-x.nix");
    }

    @Test
    void textPathInACustomStoreDir() {
        // nix-instantiate --store 'local?root=…&store=/gnu/store' -E 'builtins.toFile "manifest.nix" "[ ]"'
        assertThat(StorePaths.text("/gnu/store", "manifest.nix", bytes("[ ]"), List.of()))
                .hasToString("/gnu/store/izcgmf042kqj51fjbhhdm6hrj068dd7y-manifest.nix");
    }

    @Test
    void sourcePathLikeAddPath() {
        // nix-store --add d; nix store add-path d --name myprof
        Digest nar = Digest.parse("sha256:a97073d9b4f97fd2be70793b65bd3008ad39bae069a203063097ccce2209112a");
        assertThat(StorePaths.source(STORE, "d", nar, List.of())).hasToString("/nix/store/l8cd5y5i2xfyvchvzpf70vi6zh0mrd1k-d");
        assertThat(StorePaths.source(STORE, "myprof", nar, List.of())).hasToString("/nix/store/k2nx2nam8g90426n75a6bkck0cbgv05n-myprof");
        assertThat(StorePaths.sourceContentAddress(nar)).isEqualTo("fixed:r:sha256:0ahi14icxk4p603078k9w2x3kb8862ynafvrf2zd4zzrnkcp6w59");
    }

    @Test
    void sourcePathWithAReferenceLikeMakeContentAddressed() {
        // nix store make-content-addressed -r of a directory linking to a manifest
        Digest nar = Digest.parse("sha256:4ee4367da08c3ad874af2538a01df83642fa90d19a42004fd59c148420349655");
        StorePath ref = StorePath.parse("/nix/store/266blzvfb8wmgm26ghpg82y2lh2zzs2z-manifest.nix");
        assertThat(StorePaths.source(STORE, "env", nar, List.of(ref))).hasToString("/nix/store/g90dv4i1r93is7jjd1i0mf0yazrl5afz-env");
    }

    @Test
    void compressHashFoldsBytesModuloTheSize() {
        byte[] in = new byte[32];
        in[0] = 1;
        in[20] = 2;
        in[31] = 4;
        assertThat(StorePaths.compress(in, 20)).startsWith(3).contains(4);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
