package dev.stowage.nix.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.nix.FileSystemObjectVisitor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NarReaderTest {
    /** Builds NAR bytes token by token. */
    private static final class Nar {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Nar s(String token) {
            return bytes(token.getBytes(StandardCharsets.UTF_8));
        }

        Nar bytes(byte[] b) {
            num(b.length);
            out.writeBytes(b);
            out.writeBytes(new byte[(8 - b.length % 8) % 8]);
            return this;
        }

        Nar num(long v) {
            for (int i = 0; i < 8; i++) out.write((int) (v >>> (8 * i)) & 0xff);
            return this;
        }

        Nar file(String name, String contents) {
            return s("entry").s("(").s("name").s(name).s("node").s("(").s("type").s("regular").s("contents").s(contents).s(")").s(")");
        }

        byte[] done() {
            return out.toByteArray();
        }
    }

    private static Nar dir() {
        return new Nar().s("nix-archive-1").s("(").s("type").s("directory");
    }

    private static List<String> read(byte[] nar) throws IOException {
        List<String> events = new ArrayList<>();
        new NarReader(new ByteArrayInputStream(nar)).read(new FileSystemObjectVisitor() {
            @Override
            public void directory(String path) {
                events.add("d " + path);
            }

            @Override
            public void regularFile(String path, boolean executable, long size, InputStream contents) throws IOException {
                events.add("f " + path + (executable ? " x " : " ") + new String(contents.readAllBytes(), StandardCharsets.UTF_8));
            }

            @Override
            public void symlink(String path, String target) {
                events.add("l " + path + " -> " + target);
            }
        });
        return events;
    }

    @Test
    void readsDirectoriesFilesExecutablesAndSymlinksInOrder() throws IOException {
        byte[] nar = dir().file("a", "hello").s("entry").s("(").s("name").s("b").s("node")
                .s("(").s("type").s("regular").s("executable").s("").s("contents").s("run").s(")").s(")")
                .s("entry").s("(").s("name").s("c").s("node").s("(").s("type").s("symlink").s("target").s("a").s(")").s(")")
                .s(")").done();
        assertThat(read(nar)).containsExactly("d ", "f a hello", "f b x run", "l c -> a");
    }

    @Test
    void refusesMalformedArchives() {
        assertThatThrownBy(() -> read(new Nar().s("nix-archive-2").done())).hasMessageContaining("magic");
        for (String bad : List.of("a/b", "..", ".", "", "nul\0byte")) {
            assertThatThrownBy(() -> read(dir().file(bad, "x").s(")").done())).as(bad).isInstanceOf(NarFormatException.class)
                    .hasMessageContaining("invalid entry name");
        }
        assertThatThrownBy(() -> read(dir().file("b", "1").file("a", "2").s(")").done())).hasMessageContaining("out of order");
        assertThatThrownBy(() -> read(dir().file("a", "1").file("a", "2").s(")").done())).hasMessageContaining("duplicate");
        byte[] whole = dir().file("a", "hello").s(")").done();
        assertThatThrownBy(() -> read(Arrays.copyOf(whole, whole.length - 20))).isInstanceOf(IOException.class).hasMessageContaining("truncated");
        byte[] padded = dir().file("a", "hello").s(")").done();
        int contentsAt = indexOf(padded, "hello".getBytes(StandardCharsets.UTF_8));
        padded[contentsAt + 6] = 1; // inside the zero padding after "hello"
        assertThatThrownBy(() -> read(padded)).hasMessageContaining("padding");
        assertThatThrownBy(() -> read(new Nar().s("nix-archive-1").s("(").s("type").s("fifo").s(")").done())).hasMessageContaining("unknown object type");
        assertThatThrownBy(() -> read(new Nar().s("nix-archive-1").num(1L << 40).done())).hasMessageContaining("too long");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
