package dev.stowage.nix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The NARs in test resources were dumped by nix-bin 2.8 ({@code nix store dump-path}). */
class NarWriterTest {
    @Test
    void directoryWithFileExecutableAndSymlinkMatchesNix() throws IOException {
        GeneratedTree tree = GeneratedTree.Directory.of(Map.of(
                "a", file("hi\n", false),
                "bin", GeneratedTree.Directory.of(Map.of("x", file("#!/bin/sh\n", true))),
                "link", new GeneratedTree.Symlink("a")));
        assertThat(nar(tree)).isEqualTo(resource("source-d.nar"));
        assertThat(tree.nar().hash()).hasToString("sha256:a97073d9b4f97fd2be70793b65bd3008ad39bae069a203063097ccce2209112a");
        assertThat(tree.nar().size()).isEqualTo(880);
    }

    @Test
    void directoryWithStoreSymlinkMatchesNix() throws IOException {
        GeneratedTree tree = GeneratedTree.Directory.of(Map.of(
                "manifest.nix", new GeneratedTree.Symlink("/nix/store/266blzvfb8wmgm26ghpg82y2lh2zzs2z-manifest.nix"),
                "file", file("hello\n", false)));
        assertThat(nar(tree)).isEqualTo(resource("source-env.nar"));
        assertThat(tree.nar().size()).isEqualTo(536);
    }

    @Test
    void singleFileNarHashMatchesNix() {
        // builtins.toFile "manifest.nix" "[ ]": narHash and narSize as registered by Nix
        GeneratedTree.Nar nar = file("[ ]", false).nar();
        assertThat(nar.hash()).hasToString("sha256:340b98805e913c0a37451feb3f12b58d3390ad028db3cea1259a23ea331b8935");
        assertThat(nar.size()).isEqualTo(120);
    }

    @Test
    void filesAreEqualByContentAndExecutableBit() {
        assertThat(file("x", true)).isEqualTo(file("x", true)).hasSameHashCodeAs(file("x", true));
        assertThat(file("x", true)).isNotEqualTo(file("x", false)).isNotEqualTo(file("y", true));
    }

    @Test
    void rejectsObjectsOutOfNarOrder() throws IOException {
        NarWriter w = new NarWriter(new ByteArrayOutputStream());
        w.directory("");
        w.symlink("b", "x");
        assertThatThrownBy(() -> w.symlink("a", "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of NAR order");
    }

    @Test
    void rejectsAFileShorterThanAnnounced() throws IOException {
        NarWriter w = new NarWriter(new ByteArrayOutputStream());
        assertThatThrownBy(() -> w.regularFile("", false, 5, new ByteArrayInputStream(new byte[2])))
                .isInstanceOf(IOException.class).hasMessageContaining("expected 5 bytes");
    }

    private static GeneratedTree.File file(String text, boolean executable) {
        return new GeneratedTree.File(text.getBytes(StandardCharsets.UTF_8), executable);
    }

    private static byte[] nar(GeneratedTree tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tree.writeNar(out);
        return out.toByteArray();
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = NarWriterTest.class.getResourceAsStream("/nix-db/" + name)) {
            return in.readAllBytes();
        }
    }
}
